using System.Diagnostics;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Output;
using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// After a lab cone-beam scan: FDK of each tile and the stitched volume (<see cref="ConeReconstruction"/>) into
/// FILE_recon.h5 (for a roi plan, the region on the plan's voxels, truncated projections extended), then the
/// inspection the plan asks for — the whole cell's into FILE_recon_cell/, a zoom's into FILE_recon_zoom/ — and for a
/// simulated cell its comparison with the phantom.
/// </summary>
internal sealed class LabCtJob(ConeReconstruction reconstruction)
{
    private const long MemoryBudgetBytes = 8_000_000_000;

    /// <summary>
    /// The reconstruction into FILE_recon.h5. The cell inspection is not estimated before the volume exists: its work
    /// follows the can it finds there (<c>xrayctl analyze cell FILE_recon.h5 --estimate</c> gives it then).
    /// </summary>
    public static IReadOnlyList<ReconstructionEstimate> Estimate(PlannedScan planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return [ConeReconstruction.Estimate(planned.File, Request(planned.Scan, planned.RawFile))];
    }

    public LabCtOutcome Run(PostScanContext context, CancellationToken cancellationToken)
    {
        ReconstructionSettings settings = context.Scan.Plan.Reconstruction;
        ReconstructionRequest request = Request(context.Scan, context.RawFile);
        string recon = request.OutputPath!;
        int stages = settings.Inspection == Inspection.None ? 2 : 3;
        int tiles = context.Scan.TilePositionsMm.Count;
        context.Stage(1, stages, tiles > 1 ? $"FDK reconstruction of {tiles} tiles and their stitching" : "FDK reconstruction");
        using TomographyFile file = OfflineReconstruction.Open(context.RawFile);
        ReconstructionResult reconstructed = reconstruction.Run(file, request, cancellationToken);

        IReadOnlyList<(double, double, bool)> seams = ConeReconstruction.Seams(recon);
        context.Stage(2, stages, "orthoslice figures");
        IReadOnlyList<string> figures = FinalVolumeFigures.Write(recon);
        if (settings.Inspection != Inspection.None)
        {
            context.Stage(3, stages, settings.Inspection == Inspection.Zoom ? "zoom inspection" : "cell inspection");
        }

        return new LabCtOutcome(recon, reconstructed.Seconds, seams.Count + 1, seams, Inspect(recon, settings.Inspection, context.Truth.Find<ICellTruth>()))
        {
            Figures = figures,
        };
    }

    /// <summary>The inspection the plan asks for, into a folder beside the volume (FILE_recon_cell/ or FILE_recon_zoom/), compared with a simulated cell's truth.</summary>
    private static InspectionOutcome? Inspect(string recon, Inspection inspection, ICellTruth? truth)
    {
        if (inspection == Inspection.None)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        string folder = Path.Combine(Path.GetDirectoryName(recon) ?? ".", Path.GetFileNameWithoutExtension(recon) + (inspection == Inspection.Zoom ? "_zoom" : "_cell"));
        if (inspection == Inspection.Zoom)
        {
            ZoomInspectionResult zoom = ZoomReport.Inspect(recon);
            ZoomReport.Write(folder, zoom);
            return new ZoomInspectionOutcome(folder, clock.Elapsed.TotalSeconds, zoom, truth?.Compare(zoom));
        }

        CellInspectionResult cell = CellReport.Inspect(recon, budgetBytes: MemoryBudgetBytes);
        CellReport.Write(folder, cell, recon);
        return new CellInspectionOutcome(folder, clock.Elapsed.TotalSeconds, cell, truth?.Compare(cell));
    }

    private static ReconstructionRequest Request(CompiledScan scan, string rawFile)
    {
        ReconstructionSettings settings = scan.Plan.Reconstruction;
        RoiSettings? roi = scan.Plan.Roi;
        return new ReconstructionRequest(rawFile, settings.CenterPx, settings.Filter, null, null, OfflineReconstruction.DefaultOutput(rawFile), null, FlatMode.Interpolated, RingRemoval.None, ZingerRemoval: true, MemoryBudgetBytes)
        {
            // A roi scan moved the sample axes to the region's centre, which is then on the rotation axis.
            Region = roi is null ? null : new ConeRegion(0, 0, roi.DiameterMm),
            VoxelUm = roi?.VoxelUm,
        };
    }
}
