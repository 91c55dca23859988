using System.Diagnostics;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Output;
using XrayController.Core.Plans;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators;

namespace XrayController.Host.Scanning;

/// <summary>What the end of a lab cone-beam scan produced.</summary>
/// <param name="ReconFile">The FDK volume (tiles stitched), /exchange/recon [z, y, x] in 1/mm, top_z_mm the height of slice 0.</param>
/// <param name="Seams">Per seam between tiles: the normalised cross-correlation of the overlap and whether its shift was applied.</param>
/// <param name="Inspection">The cell inspection when the plan asks for it (reconstruction.inspection: cell), else null.</param>
/// <param name="Truth">For a simulated cell: the inspection against the phantom.</param>
public sealed record LabCtOutcome(string ReconFile, double ReconSeconds, int Tiles, IReadOnlyList<(double ShiftVoxels, double Correlation, bool Applied)> Seams, string? InspectionDirectory, double InspectionSeconds, CellInspectionResult? Inspection, CellTruth? Truth);

/// <summary>
/// After a lab cone-beam scan: FDK of each tile and the stitched volume (<see cref="ConeReconstruction"/>) into
/// FILE_recon.h5 (for a roi plan, the region on the plan's voxels, truncated projections extended), then, when the
/// plan asks for it, the cell inspection into FILE_recon_cell/, and for a simulated cell
/// its comparison with the phantom.
/// </summary>
internal static class LabCtJob
{
    private const long MemoryBudgetBytes = 8_000_000_000;

    public static LabCtOutcome Run(string rawFile, ReconstructionSettings settings, RoiSettings? roi, SimulationScene? scene, CancellationToken cancellationToken)
    {
        string recon = OfflineReconstruction.DefaultOutput(rawFile);
        var request = new ReconstructionRequest(rawFile, settings.CenterPx, settings.Filter, null, null, recon, null, FlatMode.Interpolated, RingRemoval.None, ZingerRemoval: true, MemoryBudgetBytes)
        {
            // A roi scan moved the sample axes to the region's centre, which is then on the rotation axis.
            Region = roi is null ? null : new ConeRegion(0, 0, roi.DiameterMm),
            VoxelUm = roi?.VoxelUm,
        };
        ReconstructionResult reconstructed = new ConeReconstruction(SoftwareVersion.Current).Run(request, cancellationToken);
        IReadOnlyList<(double, double, bool)> seams = ConeReconstruction.Seams(recon);
        if (settings.Inspection != Inspection.Cell)
        {
            return new LabCtOutcome(recon, reconstructed.Seconds, seams.Count + 1, seams, null, 0, null, null);
        }

        var clock = Stopwatch.StartNew();
        CellInspectionResult inspection = Cli.AnalyzeCommand.Inspect(recon, null);
        string directory = Path.Combine(Path.GetDirectoryName(recon) ?? ".", Path.GetFileNameWithoutExtension(recon) + "_cell");
        CellReport.Write(directory, inspection);
        double seconds = clock.Elapsed.TotalSeconds;
        CellTruth? truth = scene?.Cell is { } cell ? CellComparison.Compare(inspection, cell.Cell) : null;
        return new LabCtOutcome(recon, reconstructed.Seconds, seams.Count + 1, seams, directory, seconds, inspection, truth);
    }
}
