using XrayController.Core.Plans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>
/// Parallel-beam tomography: one tomogram (one energy, distance and tile), reconstructed by filtered back-projection
/// offline in slabs and live projection by projection; after a scan, the final volume's orthoslices and, for a simulated
/// scan, its central slice against the phantom. Last in the list, it takes every file the others do not and says what it cannot reconstruct.
/// </summary>
public sealed class ParallelBeamTechnique(string softwareVersion) : ITechnique
{
    private readonly ParallelReconstruction _offline = new(softwareVersion);

    public Technique PlanTechnique => Technique.ParallelCt;

    public string SummaryKey => "parallel";

    public string? LiveSummaryKey => null;

    /// <summary>Any file: last in the list, it takes what the others do not and says what it cannot reconstruct (several energies, distances or tiles).</summary>
    public bool Recognises(TomographyScan file, ReconstructionRequest request) => true;

    public ReconstructionResult Reconstruct(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        Refuse(request);
        return _offline.Run(file, request, cancellationToken);
    }

    public ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request)
    {
        Refuse(request);
        return ParallelReconstruction.Estimate(file, request);
    }

    public VolumeSplit Split(TomographyScan file, ReconstructionRequest request)
    {
        Refuse(request);
        return VolumeSplit.ReadingEveryFrame(file, ParallelReconstruction.Slices(file, request));
    }

    public ReconstructionRequest Decide(TomographyFile file, ReconstructionRequest request, string folder, CancellationToken cancellationToken)
    {
        Refuse(request);
        return ParallelReconstruction.Decide(file, request);
    }

    /// <summary>
    /// The reconstruction of the scan file at the scan's live budget: what the live reconstruction's finalisation does
    /// when the plan's settings need the whole scan or the volume is too large to keep live (else the live volume is
    /// written, which takes less).
    /// </summary>
    public IReadOnlyList<ReconstructionEstimate> EstimateAfterScan(PlannedScan planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.ReconstructionDue ? [ParallelReconstruction.Estimate(planned.File, AfterScanRequest(planned.Scan.Plan, planned.RawFile))] : [];
    }

    /// <summary>The reconstruction of a scan file after its scan when the live one made none (the stream off, or a resumed scan): the plan's settings at the scan's live budget.</summary>
    private static ReconstructionRequest AfterScanRequest(Plan plan, string rawFile)
    {
        ReconstructionSettings settings = plan.Reconstruction;
        return new ReconstructionRequest(rawFile, settings.CenterPx, settings.Filter, null, null, OfflineReconstruction.DefaultOutput(rawFile), null, FlatMode.Preceding, RingRemoval.None, ZingerRemoval: true, LiveRequest.ScanMemoryBudgetBytes);
    }

    public bool Recognises(StreamStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return start.Beam == "parallel" && start.EnergiesEv.Count <= 1 && start.DistancesMm.Count <= 1 && start.TilePositionsMm.Count <= 1;
    }

    /// <summary>
    /// The whole volume is kept live when it fits the memory budget (or when asked), else three slices and the volume is
    /// made offline; a slab worker keeps its rows only, their zingers removed as it cuts them from each frame.
    /// </summary>
    public ILivePreview StartLive(LiveSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        (StreamStart start, LiveRequest request) = (series.Start, series.Request);
        RowWindow? window = RowWindow.For(series);
        int rows = window?.Rows ?? start.Rows;
        long volumeBytes = (long)rows * start.Columns * start.Columns * sizeof(float);
        bool fullVolume = request.FullVolume ?? volumeBytes <= request.MemoryBudgetBytes;
        if (!fullVolume)
        {
            series.Notes.Add($"the whole volume ({volumeBytes / 1e9:0.##} GB) is not kept live; the final volume is made offline from the scan file");
        }

        var geometry = new LiveGeometry(rows, start.Columns, series.Axis.CenterPx, series.PixelSizeMm, start.ProjectionCount, request.Filter, fullVolume);
        CorrectionSettings corrections = window is null ? series.Corrections : series.Corrections with { ZingerRemoval = false };
        return new ParallelLivePreview(new IncrementalReconstructor(geometry, corrections, request.PreviewAt), new LiveFinaliser(_offline, series, geometry, window, softwareVersion), window);
    }

    /// <summary>For a simulated phantom: the live volume's central slice against it (whether or not the scan completed).</summary>
    public ITechniqueOutcome? AfterScan(PostScanContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? recon = context.Live?.OutputPath is { } live && File.Exists(live) ? live : null;
        int stages = recon is null ? 2 : 1;
        if (recon is null && context.ReconstructionDue)
        {
            context.Stage(1, stages, "reconstruction from the scan file");
            recon = Reconstruct(AfterScanRequest(context.Scan.Plan, context.RawFile), cancellationToken);
        }

        if (recon is null)
        {
            return null;
        }

        context.Stage(stages, stages, "orthoslice figures");
        return new ParallelOutcome(recon, FinalVolumeFigures.Write(recon), context.Truth.Find<IPhantomTruth>()?.CentralSlice(recon, context.Scan.FrameRows));
    }

    private string Reconstruct(ReconstructionRequest request, CancellationToken cancellationToken)
    {
        using TomographyFile file = TomographyFileReader.Open(request.InputPath);
        return _offline.Run(file, request, cancellationToken).OutputPath;
    }

    /// <summary>Refuses what the request asks of another technique.</summary>
    private static void Refuse(ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RefuseRegion(request);
        RequestChecks.RequireAlgorithm(request, coneBeam: false);
        RequestChecks.RefusePhase(request);
    }
}
