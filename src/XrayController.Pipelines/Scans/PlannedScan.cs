using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Scans;

/// <summary>
/// A scan not yet run, as a technique's job after it is estimated (<c>xrayctl plan check</c>): the compiled plan, the
/// file it will write (<paramref name="RawFile"/>) and what that file will hold.
/// </summary>
public sealed record PlannedScan(CompiledScan Scan, string RawFile)
{
    /// <summary>The scan file as reading it back will describe it.</summary>
    public TomographyScan File { get; } = PlannedScanFile.Describe(Scan, RawFile);

    /// <summary>Whether its plan asks for a reconstruction (the job runs when the scan completes).</summary>
    public bool ReconstructionDue => Scan.Plan.Reconstruction.Algorithm != ReconstructionAlgorithm.None;

    /// <summary>A file named after the scan file, beside it, as the job will name it.</summary>
    public string BesideRawFile(string suffix) => PostScanContext.Beside(RawFile, suffix);
}
