using XrayController.Core.Plans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Protocols.FrameStream;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques;

/// <summary>
/// One kind of tomography (parallel beam, spectro-tomography, holotomography, cone beam): it recognises its data (a
/// file's layout, a frame stream's start message), reconstructs a file offline, previews a stream live, runs the job
/// that follows a scan of its kind, and names its sections of the summaries. Techniques are listed once, in
/// <see cref="TechniqueList"/>; the command line, the service, the live loop and the summary writers go through that
/// list and never name one.
/// </summary>
public interface ITechnique
{
    /// <summary>The plans whose scans end with this technique's job (<see cref="AfterScan"/>).</summary>
    Technique PlanTechnique { get; }

    /// <summary>The key of its section in a scan's summary (<c>xrayctl scan --json</c>); null there for another technique's scan.</summary>
    string SummaryKey { get; }

    /// <summary>The key it adds to the live reconstruction's summary, or null when it adds none.</summary>
    string? LiveSummaryKey { get; }

    /// <summary>Whether a file (with what the request adds to it, such as a geometry) holds this technique's data.</summary>
    bool Recognises(TomographyScan file, ReconstructionRequest request);

    /// <summary>Reconstructs a file it recognised; what the request asks that does not apply is refused as bad input.</summary>
    ReconstructionResult Reconstruct(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken);

    /// <summary>What reconstructing a file it recognised would take (memory, bytes written, work); refuses what <see cref="Reconstruct"/> refuses.</summary>
    ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request);

    /// <summary>
    /// The slices of the volume a reconstruction of the file makes, which a cluster job's parts
    /// (<see cref="ReconstructionRequest.Part"/>) split, and the work of deciding what they share (<see cref="Decide"/>),
    /// from the file's metadata alone. A file the technique reconstructs only whole is refused as bad input.
    /// </summary>
    VolumeSplit Split(TomographyScan file, ReconstructionRequest request);

    /// <summary>
    /// The request made ready to reconstruct in independent parts whose slices together are the whole run's volume bit
    /// for bit: what a whole run decides from all the data (the rotation axis, whether truncated projections are
    /// extended, the retrieved phase) decided now, reading what that takes; what the parts read besides the file is
    /// kept in <paramref name="folder"/>, which the job removes once its output is assembled.
    /// </summary>
    ReconstructionRequest Decide(TomographyFile file, ReconstructionRequest request, string folder, CancellationToken cancellationToken);

    /// <summary>Whether a frame stream's series is this technique's, from its start message.</summary>
    bool Recognises(StreamStart start);

    /// <summary>The live preview of a series it recognised.</summary>
    ILivePreview StartLive(LiveSeries series);

    /// <summary>
    /// What <see cref="AfterScan"/> would take after a planned scan of its kind completes — its reconstruction and
    /// analyses, estimated from the file the plan will write; empty when the plan asks for no reconstruction.
    /// </summary>
    IReadOnlyList<ReconstructionEstimate> EstimateAfterScan(PlannedScan planned);

    /// <summary>What follows a scan of its kind (reconstruction, analysis, comparison with a simulation's truth); null when there is nothing to do for that scan.</summary>
    ITechniqueOutcome? AfterScan(PostScanContext context, CancellationToken cancellationToken);
}
