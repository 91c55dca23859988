namespace XrayController.Pipelines.Scans;

/// <summary>
/// What a simulation knows of the sample it imaged, as comparisons a technique's job can ask for by kind (each
/// technique defines the comparison it uses; the host fills this from the simulated scene). A real instrument's scans
/// have none.
/// </summary>
public sealed class ScanTruth(IEnumerable<object> comparisons)
{
    private readonly object[] _comparisons = [.. comparisons];

    public static ScanTruth None { get; } = new([]);

    /// <summary>The comparison of the kind asked for, or null when the simulation cannot make it.</summary>
    public T? Find<T>()
        where T : class => _comparisons.OfType<T>().FirstOrDefault();
}
