using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Pipelines.Live;

namespace XrayController.Pipelines.Scans;

/// <summary>
/// What a technique's job gets when a scan is over: the scan file, the compiled scan (plan, instrument and geometry),
/// how the scan ended, what the live reconstruction made of it, and the simulation's truth (none for a real instrument).
/// </summary>
public sealed record PostScanContext(string RawFile, CompiledScan Scan, ScanEnded Ended, LiveResult? Live, ScanTruth Truth)
{
    /// <summary>Whether the scan completed and its plan asks for a reconstruction: when a technique's offline work is due.</summary>
    public bool ReconstructionDue => Ended.Status == ScanStatus.Completed && Scan.Plan.Reconstruction.Algorithm != ReconstructionAlgorithm.None;

    /// <summary>A file named after the scan file, beside it: FILE<paramref name="suffix"/>.</summary>
    public string BesideRawFile(string suffix) => Beside(RawFile, suffix);

    /// <summary>FILE<paramref name="suffix"/> beside <paramref name="rawFile"/>.</summary>
    public static string Beside(string rawFile, string suffix) => Path.Combine(Path.GetDirectoryName(rawFile) ?? ".", Path.GetFileNameWithoutExtension(rawFile) + suffix);
}
