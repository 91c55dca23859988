using System.Globalization;

namespace XrayController.Core.Diagnostics;

/// <summary>The smallest memory budget a reconstruction or an analysis takes, and the refusal of a budget below it (its smallest unit of work: a slab, a slice).</summary>
public static class MemoryBudget
{
    /// <summary>The <c>--memory-gb</c> to give for <paramref name="minimumBytes"/>: rounded up to 10 MB.</summary>
    public static double SmallestGigabytes(long minimumBytes) => Math.Ceiling(minimumBytes / 1e7) / 100;

    /// <summary>"<paramref name="unit"/> needs about N GB (<paramref name="detail"/>); the budget is B GB: give --memory-gb M or more".</summary>
    public static InputException TooSmall(string unit, string detail, long minimumBytes, long budgetBytes) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{unit} needs about {minimumBytes / 1e9:0.###} GB ({detail}); the budget is {budgetBytes / 1e9:0.###} GB: give --memory-gb {SmallestGigabytes(minimumBytes):0.00} or more"));
}
