using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Pipelines.Techniques.Holotomography;
using XrayController.Pipelines.Techniques.ParallelBeam;
using XrayController.Pipelines.Techniques.Spectral;
using XrayController.Protocols.FrameStream;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques;

/// <summary>
/// Every technique, registered here and nowhere else. A file goes to the first technique that recognises it, so the
/// list runs from the most particular data to the most general: a scan at several energies, then one at several
/// distances (which may also record a cone beam), then a cone beam from a fixed source, and last the parallel-beam
/// tomogram, which takes any other file and says what it cannot reconstruct. Streams and plans match one technique
/// each.
/// </summary>
public sealed class TechniqueList
{
    private TechniqueList(IReadOnlyList<ITechnique> all) => All = all;

    public IReadOnlyList<ITechnique> All { get; }

    /// <param name="softwareVersion">Recorded in every file the techniques write.</param>
    public static TechniqueList Create(string softwareVersion) => new(
    [
        new SpectralTechnique(softwareVersion),
        new HolotomographyTechnique(softwareVersion),
        new ConeBeamTechnique(softwareVersion),
        new ParallelBeamTechnique(softwareVersion),
    ]);

    public ITechnique ForFile(TomographyScan file, ReconstructionRequest request) => All.First(t => t.Recognises(file, request));

    /// <summary>The technique of a stream's series, or null when none reconstructs it live.</summary>
    public ITechnique? ForStream(StreamStart start) => All.FirstOrDefault(t => t.Recognises(start));

    /// <summary>The technique whose job follows a plan's scans, or null.</summary>
    public ITechnique? ForPlan(Technique technique) => All.FirstOrDefault(t => t.PlanTechnique == technique);
}
