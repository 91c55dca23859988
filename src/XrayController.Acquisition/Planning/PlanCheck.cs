using XrayController.Acquisition.DryRun;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Steps;

namespace XrayController.Acquisition.Planning;

/// <summary>
/// Reads, validates, compiles and dry-runs a plan. Findings accumulate across stages so the user sees every problem of
/// the plan and of its profile at once; compilation and the estimate run only when nothing is wrong.
/// </summary>
public static class PlanCheck
{
    private const double BytesPerGb = 1e9;

    /// <param name="plan">The plan as read.</param>
    /// <param name="findProfile">Finds the profile by the name or path the plan (or the command line) gives.</param>
    /// <param name="instrumentOverride">A profile given on the command line, which replaces the plan's.</param>
    /// <param name="freeDiskBytes">Free space where the scan would write, or null when unknown.</param>
    /// <param name="outputDirectory">Where the scan would write, named in the disk-space finding.</param>
    /// <param name="diskShortfall">
    /// What too little free disk is: an error where the scan is about to run (scan, the service's queue), a warning where
    /// the plan is only checked (free disk is the machine's, not the plan's).
    /// </param>
    public static PlanCheckReport Run(PlanReadResult plan, Func<string, ProfileLookup> findProfile, string? instrumentOverride, long? freeDiskBytes, string outputDirectory, Severity diskShortfall = Severity.Error)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(findProfile);
        var diagnostics = new List<Diagnostic>(plan.Diagnostics);
        if (plan.Document is not { } document)
        {
            return new PlanCheckReport(null, null, null, InReadingOrder(diagnostics), null, null, freeDiskBytes);
        }

        ProfileLookup lookup = findProfile(instrumentOverride ?? document.Plan.Instrument);
        InstrumentProfile? profile = LoadProfile(document, lookup, instrumentOverride, diagnostics);
        if (profile is null)
        {
            return new PlanCheckReport(document, null, lookup, InReadingOrder(diagnostics), null, null, freeDiskBytes);
        }

        diagnostics.AddRange(PlanValidator.Validate(document, profile));
        if (diagnostics.Any(d => d.IsError))
        {
            return new PlanCheckReport(document, profile, lookup, InReadingOrder(diagnostics), null, null, freeDiskBytes);
        }

        CompiledScan scan = PlanCompiler.Compile(document.Plan, profile);
        diagnostics.AddRange(ZoneCheck.Run(document, scan));
        DryRunEstimate estimate = DryRunEstimator.Estimate(scan);
        CheckDisk(document, profile, estimate, freeDiskBytes, outputDirectory, diskShortfall, diagnostics);
        return new PlanCheckReport(document, profile, lookup, InReadingOrder(diagnostics), scan, estimate, freeDiskBytes);
    }

    /// <summary>Findings grouped by file, then by position in it, so they read top to bottom; findings without a position come last.</summary>
    private static List<Diagnostic> InReadingOrder(List<Diagnostic> diagnostics) =>
        [.. diagnostics
            .OrderBy(d => d.Source, StringComparer.Ordinal)
            .ThenBy(d => d.Location.IsKnown ? d.Location.Line : int.MaxValue)
            .ThenBy(d => d.Location.Column)];

    private static InstrumentProfile? LoadProfile(PlanDocument document, ProfileLookup lookup, string? instrumentOverride, List<Diagnostic> diagnostics)
    {
        string name = instrumentOverride ?? document.Plan.Instrument;
        if (lookup.Text is null)
        {
            SourceLocation at = instrumentOverride is null ? document.Map.Find("instrument") : SourceLocation.None;
            string source = instrumentOverride is null ? document.Source : "--instrument";
            diagnostics.Add(new Diagnostic(Severity.Error, source, at, instrumentOverride is null ? "instrument" : string.Empty, lookup.Error ?? $"instrument profile '{name}' not found"));
            return null;
        }

        InstrumentProfileReadResult read = InstrumentProfileReader.Read(lookup.Text, lookup.Source);
        diagnostics.AddRange(read.Diagnostics);
        if (!read.Succeeded)
        {
            return null;
        }

        string? configuration = document.Plan.Detector.Configuration;
        if (configuration is not null && !read.Profile!.Configurations.ContainsKey(configuration))
        {
            string offered = read.Profile.Configurations.Count == 0 ? "it has only its main detector" : $"it has {string.Join(", ", read.Profile.Configurations.Keys.Order(StringComparer.Ordinal))}";
            diagnostics.Add(new Diagnostic(Severity.Error, document.Source, document.Map.Find("detector.configuration"), "detector.configuration", $"instrument '{read.Profile.Name}' has no detector configuration '{configuration}'; {offered}"));
            return null;
        }

        return read.Profile!.WithConfiguration(configuration);
    }

    private static void CheckDisk(PlanDocument document, InstrumentProfile profile, DryRunEstimate estimate, long? freeDiskBytes, string outputDirectory, Severity severity, List<Diagnostic> diagnostics)
    {
        double neededBytes = estimate.Bytes + (profile.Storage.ReserveGb * BytesPerGb);
        if (freeDiskBytes is { } free && free < neededBytes)
        {
            string refused = severity == Severity.Error ? string.Empty : "; scan refuses it there until that much is free";
            diagnostics.Add(new Diagnostic(severity, document.Source, SourceLocation.None, string.Empty,
                $"too little disk space in {outputDirectory}: the scan needs {estimate.Bytes / BytesPerGb:0.###} GB (uncompressed upper bound) plus the profile's {profile.Storage.ReserveGb:0.###} GB reserve; {free / BytesPerGb:0.###} GB are free{refused}"));
        }
    }
}
