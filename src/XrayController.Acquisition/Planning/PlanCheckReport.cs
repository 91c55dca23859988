using XrayController.Acquisition.DryRun;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Steps;

namespace XrayController.Acquisition.Planning;

/// <summary>
/// Everything <c>plan check</c> reports: the plan and profile as read, every finding, and — when the plan is valid —
/// the compiled steps and the dry-run estimate. <c>ProfileFile</c> is the profile as found (its source and text, kept
/// with the data of a scan).
/// </summary>
public sealed record PlanCheckReport(
    PlanDocument? Document,
    InstrumentProfile? Profile,
    ProfileLookup? ProfileFile,
    IReadOnlyList<Diagnostic> Diagnostics,
    CompiledScan? Scan,
    DryRunEstimate? Estimate,
    long? FreeDiskBytes)
{
    public IEnumerable<Diagnostic> Violations => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    public bool IsValid => !Diagnostics.Any(d => d.IsError);
}
