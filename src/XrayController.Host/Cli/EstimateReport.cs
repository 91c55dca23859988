using System.Globalization;
using System.Text.Json;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;

namespace XrayController.Host.Cli;

/// <summary>
/// What <c>--estimate</c> prints: the estimate's figures, its time at this machine's kernel rates, whether the budget
/// and the disk hold it, and the smallest budget that works.
/// </summary>
internal sealed record EstimateReport(ReconstructionEstimate Estimate, double Seconds, long? FreeDiskBytes, string Machine, bool Calibrated)
{
    /// <summary>The estimate timed at this machine's kernel rates (measured now when the cache has none for it), beside the disk space free for its output.</summary>
    public static EstimateReport Timed(ReconstructionEstimate estimate, KernelRateCache cache, long? freeDiskBytes)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(cache);
        KernelRates rates = cache.RatesFor(estimate.Work, out bool measured);
        return new EstimateReport(estimate, rates.Seconds(estimate.Work), freeDiskBytes, rates.Machine, measured);
    }

    public bool FitsDisk => FreeDiskBytes is not { } free || Estimate.PeakDiskBytes <= free;

    public string Line()
    {
        ReconstructionEstimate e = Estimate;
        string budget = e.FitsBudget
            ? string.Create(CultureInfo.InvariantCulture, $"within the {e.BudgetBytes / 1e9:0.###} GB budget ({e.Units} {e.UnitName})")
            : string.Create(CultureInfo.InvariantCulture, $"more than the {e.BudgetBytes / 1e9:0.###} GB budget: give --memory-gb {MemoryBudget.SmallestGigabytes(e.MinimumBudgetBytes):0.00} or more");
        string disk = FreeDiskBytes is { } free ? string.Create(CultureInfo.InvariantCulture, $"; {free / 1e9:0.###} GB free there{(FitsDisk ? string.Empty : ": NOT ENOUGH")}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{e.Technique}: peak memory {e.PeakMemoryBytes / 1e9:0.###} GB, {budget}; writes {e.BytesWritten / 1e9:0.###} GB to {e.OutputPath}{disk}; about {Duration(Seconds)} on this machine ({Machine}; kernel rates {(Calibrated ? "measured now" : "cached")})");
    }

    public string Json() => JsonSerializer.Serialize(Fields(), new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The JSON object's keys and values (<c>--estimate --json</c>, and each entry of <c>plan check --json</c>'s after_scan).</summary>
    public Dictionary<string, object?> Fields() => new()
    {
        ["technique"] = Estimate.Technique,
        ["output"] = Estimate.OutputPath,
        ["peak_memory_bytes"] = Estimate.PeakMemoryBytes,
        ["bytes_written"] = Estimate.BytesWritten,
        ["peak_disk_bytes"] = Estimate.PeakDiskBytes,
        ["seconds"] = Math.Round(Seconds, 1),
        ["units"] = Estimate.Units,
        ["unit"] = Estimate.UnitName,
        ["budget_bytes"] = Estimate.BudgetBytes,
        ["minimum_budget_bytes"] = Estimate.MinimumBudgetBytes,
        ["fits_budget"] = Estimate.FitsBudget,
        ["free_disk_bytes"] = FreeDiskBytes,
        ["fits_disk"] = FitsDisk,
        ["machine"] = Machine,
        ["kernel_rates"] = Calibrated ? "measured now" : "cached",
    };

    private static string Duration(double seconds) => seconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
    };
}
