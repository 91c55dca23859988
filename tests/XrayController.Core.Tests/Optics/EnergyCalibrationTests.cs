using XrayController.Core.Diagnostics;
using XrayController.Core.Optics;
using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Tests.Shared;

namespace XrayController.Core.Tests.Optics;

public class EnergyCalibrationTests
{
    [Fact]
    public void The_foils_edge_on_the_nominal_scale_gives_the_shift()
    {
        double[] energies = [.. Enumerable.Range(0, 31).Select(i => 8318.0 + i)];
        // A foil whose edge lies at 8331.3 eV on the monochromator's nominal scale: μt rises by 1.3 across an arctangent 2.5 eV wide.
        double[] signals = [.. energies.Select(e => 100 + (40000 * (1 - ((e - 8318) / 5000)) * Math.Exp(-(0.2 + (1.3 * (0.5 + (Math.Atan((e - 8331.3) / 1.25) / Math.PI)))))))];

        EnergyCalibration calibration = EnergyCalibration.Compute(energies, signals, darkLevel: 100, referenceEdgeEv: 8333.0);

        Assert.Equal(8331.3, calibration.MeasuredEdgeEv, 0.05);
        Assert.Equal(1.7, calibration.ShiftEv, 0.05);
    }

    [Fact]
    public void No_signal_above_the_dark_is_a_clear_failure()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EnergyCalibration.Compute([8330, 8331, 8332], [100, 99, 101], 100, 8333.0));

        Assert.Contains("not above the dark level", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calibrating_plan_scans_the_foil_before_any_frame_and_recommands_the_first_energy()
    {
        PlanDocument document = TestPlans.Read(File.ReadAllText(RepositoryPaths.Plan("xanes-demo.yaml")));

        IReadOnlyList<Step> steps = PlanCompiler.Compile(document.Plan, TestPlans.Profile("txm-xanes-demo")).Steps;

        int apply = steps.ToList().FindIndex(s => s is ApplyEnergyCalibrationStep);
        CalibrationExposureStep[] exposures = [.. steps.OfType<CalibrationExposureStep>()];
        Assert.Equal(8333.0, Assert.IsType<ApplyEnergyCalibrationStep>(steps[apply]).ReferenceEdgeEv);
        Assert.True(exposures[0].Dark);
        Assert.Equal(Enumerable.Range(0, 31).Select(i => 8318.0 + i), exposures.Skip(1).Select(e => e.EnergyEv));
        Assert.True(steps.ToList().FindIndex(s => s is AcquireStep) > apply);
        Assert.Equal([0.0, 10.0], steps.OfType<TranslateStep>().Where(t => t.Axis == "foil_x").Select(t => t.PositionMm));
        Assert.Equal(8180, steps.Skip(apply).OfType<SetEnergyStep>().First().EnergyEv);
    }

    [Theory]
    [InlineData("txm-xanes", "{ from_ev: 8318, to_ev: 8348, step_ev: 1 }", "has no reference foil to calibrate on")]
    [InlineData("txm-xanes-demo", "{ from_ev: 8330, to_ev: 8335, step_ev: 1 }", "6 energies are too few")]
    [InlineData("txm-xanes-demo", "{ from_ev: 8334, to_ev: 8360, step_ev: 1 }", "the foil's edge at 8333 eV must lie inside the calibration scan")]
    public void Calibrations_that_cannot_work_are_refused(string instrument, string calibrate, string message)
    {
        string yaml = File.ReadAllText(RepositoryPaths.Plan("xanes-demo.yaml"))
            .Replace("instrument: txm-xanes-demo", $"instrument: {instrument}", StringComparison.Ordinal)
            .Replace("calibrate: { from_ev: 8318, to_ev: 8348, step_ev: 1 }", $"calibrate: {calibrate}", StringComparison.Ordinal);

        Diagnostic error = Assert.Single(PlanValidator.Validate(TestPlans.Read(yaml), TestPlans.Profile(instrument)), d => d.IsError && d.Path == "energy.calibrate");

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
