using System.CommandLine;
using System.Globalization;
using XrayController.Core.Diagnostics;

namespace XrayController.Host.Cli;

/// <summary><c>--memory-gb G</c>: the budget for the data buffers a reconstruction or an analysis allocates (not the runtime's baseline); 4 GB unless given.</summary>
internal static class MemoryBudgetOption
{
    public static Option<double> Create(string what) => new("--memory-gb") { Description = $"Memory budget (GB) for {what}.", DefaultValueFactory = _ => 4.0 };

    /// <summary>The budget in bytes; anything but a positive number of GB (up to a petabyte) is bad input.</summary>
    public static long Bytes(double gigabytes) =>
        gigabytes > 0 && gigabytes <= 1e6
            ? (long)(gigabytes * 1e9)
            : throw new InputException(string.Create(CultureInfo.InvariantCulture, $"--memory-gb must be a positive number of GB; got {gigabytes}"));
}
