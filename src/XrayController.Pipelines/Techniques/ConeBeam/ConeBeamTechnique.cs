using XrayController.Core.Optics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Incremental;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// Lab cone-beam tomography from a fixed source: FDK of each vertical tile, the tiles stitched, a region of interest at
/// finer voxels; live, FDK of each tile as it is taken; after the scan, the stitched volume from the file, the cell
/// inspection when the plan asks for it and, when simulated, its comparison with the phantom.
/// </summary>
public sealed class ConeBeamTechnique : ITechnique
{
    private readonly ConeReconstruction _offline;
    private readonly LabCtJob _job;

    public ConeBeamTechnique(string softwareVersion)
    {
        _offline = new ConeReconstruction(softwareVersion);
        _job = new LabCtJob(_offline);
    }

    public Technique PlanTechnique => Technique.ConeCt;

    public string SummaryKey => "lab_ct";

    public string? LiveSummaryKey => null;

    /// <summary>A file that records a cone beam from a fixed source, or one that the request gives a cone-beam geometry for.</summary>
    public bool Recognises(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        return file.ConeBeam is not null || request.StatesConeGeometry;
    }

    public ReconstructionResult Reconstruct(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        RequestChecks.RequireAlgorithm(request, coneBeam: true);
        return _offline.Run(file, request, cancellationToken);
    }

    public ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request)
    {
        RequestChecks.RequireAlgorithm(request, coneBeam: true);
        return ConeReconstruction.Estimate(file, request);
    }

    public VolumeSplit Split(TomographyScan file, ReconstructionRequest request)
    {
        RequestChecks.RequireAlgorithm(request, coneBeam: true);
        return VolumeSplit.ReadingEveryFrame(file, ConeReconstruction.SplitSlices(file, request));
    }

    public ReconstructionRequest Decide(TomographyFile file, ReconstructionRequest request, string folder, CancellationToken cancellationToken)
    {
        RequestChecks.RequireAlgorithm(request, coneBeam: true);
        return ConeReconstruction.Decide(file, request, cancellationToken);
    }

    public IReadOnlyList<ReconstructionEstimate> EstimateAfterScan(PlannedScan planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.ReconstructionDue ? LabCtJob.Estimate(planned) : [];
    }

    public bool Recognises(StreamStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return start.Beam == "cone" && start.SourceToObjectMm is not null && start.SourceToDetectorMm is not null && start.DistancesMm.Count <= 1 && start.EnergiesEv.Count <= 1 && start.AnglesDeg.Count > 0;
    }

    /// <summary>Each tile's volume is kept when it fits the memory budget, else its three orthogonal slices.</summary>
    public ILivePreview StartLive(LiveSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        RowWindow.Refuse(series, "a cone-beam series");
        (StreamStart start, LiveRequest request) = (series.Start, series.Request);
        long tileBytes = (long)start.Rows * start.Columns * start.Columns * sizeof(float);
        double[] tileAngles = TileAngles(start);
        bool whole = tileBytes <= request.MemoryBudgetBytes;
        series.Notes.Add(whole
            ? $"cone beam: live FDK of each tile ({tileAngles.Length} projections a tile); the stitched volume is made from the scan file at the end"
            : $"cone beam: live FDK of three orthogonal slices through each tile's middle (the whole tile, {tileBytes / 1e9:0.##} GB, is not kept); the volume is made from the scan file at the end");
        double sod = start.SourceToObjectMm!.Value;
        double sdd = start.SourceToDetectorMm!.Value;
        double pixel = series.PixelSizeMm * sdd / sod;
        var measured = new ConeGeometry(start.Rows, start.Columns, sod, sdd, pixel, pixel, series.Axis.CenterPx - ((start.Columns - 1) / 2.0), 0, tileAngles);
        ConeGeometry scan = !measured.IsShortScan && HalfAcquisition.Applies(series.Axis.CenterPx, start.Columns) ? measured.AsHalfAcquisition() : measured;
        var cone = new ConeLiveStage(scan, new ConeGrid(scan.Columns, start.Rows, scan.VoxelMm), request.Filter, whole);
        var geometry = new LiveGeometry(start.Rows, start.Columns, series.Axis.CenterPx, series.PixelSizeMm, tileAngles.Length, request.Filter, FullVolume: false);
        return new ConeLivePreview(new IncrementalReconstructor(geometry, series.Corrections, request.PreviewAt) { Stage = cone }, cone);
    }

    public ITechniqueOutcome? AfterScan(PostScanContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ReconstructionDue ? _job.Run(context, cancellationToken) : null;
    }

    /// <summary>One tile's rotation angles: the series' angles, each once, in the order they first come.</summary>
    private static double[] TileAngles(StreamStart start) => [.. start.AnglesDeg.Distinct()];
}
