using System.Globalization;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Offline;

/// <summary>The refusal of a memory budget below a reconstruction's smallest unit of work (a slab, a slice).</summary>
internal static class MemoryBudget
{
    /// <summary>"<paramref name="unit"/> needs about N GB (<paramref name="detail"/>); the budget is B GB: give --memory-gb M or more", M rounded up to 10 MB.</summary>
    public static InputException TooSmall(string unit, string detail, long minimumBytes, long budgetBytes) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{unit} needs about {minimumBytes / 1e9:0.###} GB ({detail}); the budget is {budgetBytes / 1e9:0.###} GB: give --memory-gb {Math.Ceiling(minimumBytes / 1e7) / 100:0.00} or more"));
}
