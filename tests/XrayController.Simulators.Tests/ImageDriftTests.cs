using XrayController.Core.Instruments;
using XrayController.Tests.Shared;

namespace XrayController.Simulators.Tests;

public class ImageDriftTests
{
    private static SimulationScene Scene(double driftPx)
    {
        string text = File.ReadAllText(RepositoryPaths.Instrument("txm-xanes-demo")).Replace("\"gain_e_per_count\": 4,", $"\"gain_e_per_count\": 4, \"image_drift_px\": {driftPx},", StringComparison.Ordinal);
        InstrumentProfileReadResult read = InstrumentProfileReader.Read(text, "drift.json");
        Assert.True(read.Succeeded, string.Join("; ", read.Diagnostics));
        return SimulationScene.Create(read.Profile!);
    }

    [Fact]
    public void The_image_wanders_smoothly_within_the_drift_and_the_same_way_each_visit()
    {
        SimulationScene scene = Scene(3);
        const double PixelMm = 0.03e-3;
        double[] energies = [.. Enumerable.Range(0, 400).Select(i => 8180.0 + i)];

        (double XMm, double ZMm)[] drifts = [.. energies.Select(scene.DriftMm)];

        Assert.All(drifts, d => Assert.InRange(Math.Max(Math.Abs(d.XMm), Math.Abs(d.ZMm)), 0, 3 * PixelMm));
        Assert.True(drifts.Max(d => Math.Abs(d.XMm)) > PixelMm, "the wander should reach beyond a pixel somewhere");
        Assert.Equal(scene.DriftMm(8333.0), scene.DriftMm(8333.0));
        Assert.InRange(Math.Abs(scene.DriftMm(8333.0).XMm - scene.DriftMm(8333.03).XMm), 0, 0.05 * PixelMm);
        Assert.Equal((0.0, 0.0), Scene(0).DriftMm(8333.0));
    }
}
