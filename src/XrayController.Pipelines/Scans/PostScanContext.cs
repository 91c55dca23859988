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
    /// <summary>Told as each stage of the work after the scan starts (for the terminal's lines and the monitor); null when nobody watches.</summary>
    public Action<PostScanStage>? OnStage { get; init; }

    /// <summary>Says that stage <paramref name="index"/> of the job's <paramref name="count"/> starts.</summary>
    public void Stage(int index, int count, string name) => OnStage?.Invoke(new PostScanStage(index, count, name));

    /// <summary>Whether the scan completed and its plan asks for a reconstruction: when a technique's offline work is due.</summary>
    public bool ReconstructionDue => Ended.Status == ScanStatus.Completed && Scan.Plan.Reconstruction.Algorithm != ReconstructionAlgorithm.None;

    /// <summary>A file named after the scan file, beside it: FILE<paramref name="suffix"/>.</summary>
    public string BesideRawFile(string suffix) => Beside(RawFile, suffix);

    /// <summary>FILE<paramref name="suffix"/> beside <paramref name="rawFile"/>.</summary>
    public static string Beside(string rawFile, string suffix) => Path.Combine(Path.GetDirectoryName(rawFile) ?? ".", Path.GetFileNameWithoutExtension(rawFile) + suffix);
}

/// <summary>A stage of a technique's work after its scan, as it starts: its place among the job's stages and what it does.</summary>
public sealed record PostScanStage(int Index, int Count, string Name)
{
    public override string ToString() => $"[{Index}/{Count}] {Name}";
}
