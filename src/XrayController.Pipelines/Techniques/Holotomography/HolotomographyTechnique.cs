using XrayController.Core.Plans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Incremental;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>
/// Holotomography: projections at several propagation distances from a focus, phase-retrieved (CTF over every distance,
/// or Paganin) into the refractive index decrement δ and back-projected; live, a Paganin preview of the first distance
/// and then the multi-distance one; after the scan, δ from the file, the fragment analysis and, when simulated, the
/// comparison with the truth.
/// </summary>
public sealed class HolotomographyTechnique : ITechnique
{
    private readonly PhaseReconstruction _offline;
    private readonly HolotomoJob _job;

    public HolotomographyTechnique(string softwareVersion)
    {
        _offline = new PhaseReconstruction(softwareVersion);
        _job = new HolotomoJob(_offline);
    }

    public Technique PlanTechnique => Technique.Holotomography;

    public string SummaryKey => "holotomography";

    public string? LiveSummaryKey => "paganin_projections";

    /// <summary>A file that records a holotomography geometry or projections at several distances.</summary>
    public bool Recognises(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Holography is not null || file.Projections.Select(p => p.DistanceIndex).Distinct().Count() > 1;
    }

    public ReconstructionResult Reconstruct(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RefuseRegion(request);
        RequestChecks.RefuseFloat16(request);
        return _offline.Run(file, request, cancellationToken);
    }

    public ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RefuseRegion(request);
        RequestChecks.RefuseFloat16(request);
        return PhaseReconstruction.Estimate(file, request);
    }

    /// <summary>δ's slices are the detector rows; the preparation retrieves every angle (<see cref="Decide"/>).</summary>
    public VolumeSplit Split(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RefuseRegion(request);
        RequestChecks.RefuseFloat16(request);
        return new VolumeSplit(file.Rows, PhaseReconstruction.PreparationWork(file, request));
    }

    /// <summary>The holograms registered and every angle retrieved into the job folder, the axis found on them, as a whole run does.</summary>
    public ReconstructionRequest Decide(TomographyFile file, ReconstructionRequest request, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RefuseRegion(request);
        RequestChecks.RefuseFloat16(request);
        return PhaseReconstruction.Decide(file, request, folder, cancellationToken);
    }

    public IReadOnlyList<ReconstructionEstimate> EstimateAfterScan(PlannedScan planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.ReconstructionDue ? HolotomoJob.Estimate(planned) : [];
    }

    public bool Recognises(StreamStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return start.Beam == "cone" && start.DistancesMm.Count > 1 && start.EnergiesEv.Count == 1 && start.SourceToDetectorMm is not null && start.TilePositionsMm.Count <= 1
            && start.ProjectionCount % start.DistancesMm.Count == 0;
    }

    public ILivePreview StartLive(LiveSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        RowWindow.Refuse(series, "a holotomography series");
        (StreamStart start, LiveRequest request) = (series.Start, series.Request);
        var geometry = new LiveGeometry(start.Rows, start.Columns, series.Axis.CenterPx, series.PixelSizeMm, start.ProjectionCount / start.DistancesMm.Count, request.Filter, FullVolume: false);
        return new HolotomoLivePreview(start, geometry, series.Corrections, request.PreviewAt, request.DeltaBeta, request.MemoryBudgetBytes, series.Notes);
    }

    public ITechniqueOutcome? AfterScan(PostScanContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ReconstructionDue ? _job.Run(context, cancellationToken) : null;
    }
}
