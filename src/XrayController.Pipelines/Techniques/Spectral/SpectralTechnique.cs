using XrayController.Core.Plans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Incremental;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.Spectral;

/// <summary>
/// Spectro-tomography (TXM XANES): one parallel-beam tomogram per energy, reconstructed into a volume per energy after
/// magnification rescaling and registration; live, an axial slice per energy with the running spectrum and edge map;
/// after the scan, the XANES analysis (edge-energy maps, particles, fragments, grains) and, when simulated, its
/// comparison with the truth.
/// </summary>
public sealed class SpectralTechnique : ITechnique
{
    private readonly SpectralReconstruction _offline;
    private readonly XanesJob _job;

    public SpectralTechnique(string softwareVersion)
    {
        _offline = new SpectralReconstruction(softwareVersion);
        _job = new XanesJob(_offline, softwareVersion);
    }

    public Technique PlanTechnique => Technique.SpectroTomography;

    public string SummaryKey => "xanes";

    public string? LiveSummaryKey => "spectral";

    /// <summary>A file with projections at more than one energy and nothing else that varies.</summary>
    public bool Recognises(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Projections.Select(p => p.EnergyEv).Distinct().Count() > 1
            && file.Projections.Select(p => (p.DistanceIndex, p.TileIndex)).Distinct().Count() == 1;
    }

    public ReconstructionResult Reconstruct(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RefuseRegion(request);
        RequestChecks.RequireFloat32(request);
        RequestChecks.RefusePart(request, "a spectral scan");
        return _offline.Run(file, request, cancellationToken);
    }

    public ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RefuseRegion(request);
        RequestChecks.RequireFloat32(request);
        RequestChecks.RefusePart(request, "a spectral scan");
        return SpectralReconstruction.Estimate(file, request);
    }

    public VolumeSplit Split(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw RequestChecks.Unsplittable(request, "a spectral scan");
    }

    public ReconstructionRequest Decide(TomographyFile file, ReconstructionRequest request, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw RequestChecks.Unsplittable(request, "a spectral scan");
    }

    public IReadOnlyList<ReconstructionEstimate> EstimateAfterScan(PlannedScan planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.ReconstructionDue ? XanesJob.Estimate(planned) : [];
    }

    public bool Recognises(StreamStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return start.Beam == "parallel" && start.EnergiesEv.Count > 1 && start.DistancesMm.Count <= 1 && start.TilePositionsMm.Count <= 1;
    }

    public ILivePreview StartLive(LiveSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        RowWindow.Refuse(series, "a series at several energies");
        (StreamStart start, LiveRequest request) = (series.Start, series.Request);
        series.Notes.Add($"a series at {start.EnergiesEv.Count} energies: each energy is previewed live (axial slice, running spectrum, edge-energy map); the volumes are made from the scan file at the end");
        var geometry = new LiveGeometry(start.Rows, start.Columns, series.Axis.CenterPx, series.PixelSizeMm, start.ProjectionCount, request.Filter, FullVolume: false);
        return new SpectralLivePreview(geometry, series.Corrections, request.PreviewAt?.Z ?? (geometry.Rows / 2), request.SpectrumRegion, start.PixelSizeUm, series.Notes);
    }

    public ITechniqueOutcome? AfterScan(PostScanContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ReconstructionDue ? _job.Run(context, cancellationToken) : null;
    }
}
