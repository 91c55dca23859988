using System.Diagnostics;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Output;
using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// After a lab cone-beam scan: FDK of each tile and the stitched volume (<see cref="ConeReconstruction"/>) into
/// FILE_recon.h5 (for a roi plan, the region on the plan's voxels, truncated projections extended), then, when the
/// plan asks for it, the cell inspection into FILE_recon_cell/, and for a simulated cell its comparison with the phantom.
/// </summary>
internal sealed class LabCtJob(ConeReconstruction reconstruction)
{
    private const long MemoryBudgetBytes = 8_000_000_000;

    public LabCtOutcome Run(PostScanContext context, CancellationToken cancellationToken)
    {
        string recon = OfflineReconstruction.DefaultOutput(context.RawFile);
        ReconstructionSettings settings = context.Scan.Plan.Reconstruction;
        RoiSettings? roi = context.Scan.Plan.Roi;
        var request = new ReconstructionRequest(context.RawFile, settings.CenterPx, settings.Filter, null, null, recon, null, FlatMode.Interpolated, RingRemoval.None, ZingerRemoval: true, MemoryBudgetBytes)
        {
            // A roi scan moved the sample axes to the region's centre, which is then on the rotation axis.
            Region = roi is null ? null : new ConeRegion(0, 0, roi.DiameterMm),
            VoxelUm = roi?.VoxelUm,
        };
        using TomographyFile file = OfflineReconstruction.Open(context.RawFile);
        ReconstructionResult reconstructed = reconstruction.Run(file, request, cancellationToken);

        IReadOnlyList<(double, double, bool)> seams = ConeReconstruction.Seams(recon);
        if (settings.Inspection != Inspection.Cell)
        {
            return new LabCtOutcome(recon, reconstructed.Seconds, seams.Count + 1, seams, null, 0, null, null);
        }

        var clock = Stopwatch.StartNew();
        CellInspectionResult inspection = CellReport.Inspect(recon, budgetBytes: MemoryBudgetBytes);
        string directory = Path.Combine(Path.GetDirectoryName(recon) ?? ".", Path.GetFileNameWithoutExtension(recon) + "_cell");
        CellReport.Write(directory, inspection);
        double seconds = clock.Elapsed.TotalSeconds;
        CellQuality? quality = context.Truth.Find<ICellTruth>()?.Compare(inspection);
        return new LabCtOutcome(recon, reconstructed.Seconds, seams.Count + 1, seams, directory, seconds, inspection, quality);
    }
}
