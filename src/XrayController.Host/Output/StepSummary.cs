using XrayController.Core.Steps;

namespace XrayController.Host.Output;

/// <summary>Counts of compiled steps by kind, in a fixed order, for the reports.</summary>
internal static class StepSummary
{
    public static IReadOnlyList<(string Kind, int Count)> Count(IReadOnlyList<Step> steps)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Step step in steps)
        {
            string kind = KindOf(step);
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        return [.. Kinds.Where(counts.ContainsKey).Select(k => (k, counts[k]))];
    }

    public static string KindOf(Step step) => step switch
    {
        ConfigureDetectorStep => "configure",
        SetSourceStep => "source",
        RotateStep => "rotate",
        TranslateStep => "translate",
        OffsetStep => "offset",
        SetEnergyStep => "energy",
        SettleStep => "settle",
        ShutterStep => "shutter",
        AcquireStep => "acquire",
        FlyScanStep => "fly",
        CheckpointStep => "checkpoint",
        CalibrationExposureStep or ApplyEnergyCalibrationStep => "calibrate",
        _ => step.GetType().Name,
    };

    private static readonly string[] Kinds =
        ["configure", "source", "energy", "rotate", "translate", "offset", "settle", "shutter", "calibrate", "acquire", "fly", "checkpoint"];
}
