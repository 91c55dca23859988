using System.Diagnostics;

namespace XrayController.Host.Bench;

/// <summary>Times an action: one warm-up run, then the median of <c>repeats</c> runs.</summary>
internal static class BenchTiming
{
    public static double MedianSeconds(int repeats, Action action)
    {
        action();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }
}
