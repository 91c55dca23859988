using XrayController.Pipelines.Scans;

namespace XrayController.Simulators.Truth;

/// <summary>The comparisons a simulated scene can make of a scan's results, for the techniques' jobs to ask for.</summary>
public static class SimulationTruth
{
    public static ScanTruth Of(SimulationScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        object?[] comparisons =
        [
            scene.Phantom is { } phantom ? new PhantomComparison(phantom) : null,
            scene.Xanes is { } xanes ? new XanesComparison(xanes, scene) : null,
            scene.Cathode is { } piece ? new PhaseComparison(piece, scene) : null,
            scene.Cell is { } cell ? new CellComparison(cell.Cell) : null,
        ];
        return new ScanTruth(comparisons.OfType<object>());
    }
}
