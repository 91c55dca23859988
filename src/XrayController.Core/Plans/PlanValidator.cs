using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Steps;

namespace XrayController.Core.Plans;

/// <summary>
/// Checks a plan against the instrument it names: every axis value within its limits, exposure and binning the detector
/// offers, energies the monochromator reaches, the geometry the technique needs. Reports every violation, each at the
/// line of the plan field that causes it.
/// </summary>
public sealed class PlanValidator
{
    private readonly PlanDiagnostics _report;

    private PlanValidator(PlanDocument document, InstrumentProfile profile) => _report = new PlanDiagnostics(document, profile);

    private Plan Plan => _report.Plan;

    private InstrumentProfile Profile => _report.Profile;

    public static IReadOnlyList<Diagnostic> Validate(PlanDocument document, InstrumentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(profile);
        var validator = new PlanValidator(document, profile);
        validator.CheckTechnique();
        validator.CheckRotation();
        validator.CheckDetector();
        validator.CheckEnergy();
        validator.CheckSource();
        new LinearAxisChecks(validator._report).Run();
        validator.CheckReconstruction();
        return validator._report.Items;
    }

    private void CheckTechnique()
    {
        string technique = PlanNames.NameOf(PlanNames.Techniques, Plan.Technique);
        if (!Profile.Techniques.Contains(Plan.Technique))
        {
            Error("technique", $"instrument '{Profile.Name}' does not do {technique}; it does: {string.Join(", ", Profile.Techniques.Select(t => PlanNames.NameOf(PlanNames.Techniques, t)))}");
            return;
        }

        bool needsCone = Plan.Technique is Technique.ConeCt or Technique.Holotomography;
        if (needsCone != (Profile.Geometry.Beam == BeamKind.Cone))
        {
            Error("technique", $"{technique} needs a {(needsCone ? "cone" : "parallel")} beam; instrument '{Profile.Name}' has a {(needsCone ? "parallel" : "cone")} beam");
        }
        else if (Plan.Technique == Technique.ConeCt && Profile.Geometry.SourceToObjectMm is null)
        {
            Error("technique", $"cone-ct needs the source-to-object distance in instrument '{Profile.Name}' (geometry.source_to_object_mm)");
        }
    }

    private void CheckRotation()
    {
        RotationAxis rotation = Plan.Rotation;
        if (rotation.Count <= 0)
        {
            return;
        }

        RotationProfile stage = Profile.Rotation;
        if (rotation.Mode == RotationMode.Fly)
        {
            CheckFly(rotation, stage);
            return;
        }

        CheckRange("rotation.start_deg", "rotation", rotation.StartDeg, stage.MinDeg, stage.MaxDeg, "°");
        CheckRange(Plan.Rotation.StepDeg > 0 && _report.Writes("rotation.stop_deg") ? "rotation.stop_deg" : "rotation.range_deg", "rotation", rotation.LastDeg, stage.MinDeg, stage.MaxDeg, "°");
    }

    private void CheckFly(RotationAxis rotation, RotationProfile stage)
    {
        if (Plan.Flats.EveryNProjections is not null || Plan.Darks.EveryNProjections is not null)
        {
            Error(Plan.Flats.EveryNProjections is not null ? "flats.every_n_projections" : "darks.every_n_projections",
                "a fly scan cannot stop every N projections; take references at start/end or at each energy, distance or tile");
        }

        if (!(Plan.Detector.ExposureS > 0))
        {
            return;
        }

        FlySweep sweep = FlySweep.Plan(rotation.StartDeg, rotation.StepDeg, rotation.Count, Plan.Detector.ExposureS, stage, Profile.Detector);
        if (Math.Abs(sweep.StepDeg - rotation.StepDeg) > 1e-12)
        {
            Warning("rotation", $"the fly-scan step is rounded to {sweep.StepCounts} encoder counts: {Number(sweep.StepDeg, 9)}° instead of {Number(rotation.StepDeg, 9)}° (last angle {Number(sweep.LastTriggerDeg, 6)}°)");
        }

        if (sweep.SpeedDegS > stage.SpeedDegS)
        {
            Error("rotation", $"the fly scan needs {Number(sweep.SpeedDegS, 3)}°/s (step / frame period of {Number(sweep.FramePeriodS, 4)} s), above the stage's {Number(stage.SpeedDegS, 3)}°/s; lengthen the exposure or the step");
        }

        CheckRange("rotation.start_deg", "rotation", sweep.RampStartDeg, stage.MinDeg, stage.MaxDeg, "° (start minus the acceleration run-up)");
        CheckRange("rotation", "rotation", sweep.RampEndDeg, stage.MinDeg, stage.MaxDeg, "° (end plus the deceleration run-out)");
    }

    private void CheckDetector()
    {
        DetectorProfile detector = Profile.Detector;
        double exposure = Plan.Detector.ExposureS;
        if (exposure < detector.MinExposureS || exposure > detector.MaxExposureS)
        {
            Error("detector.exposure_s", $"{Number(exposure, 6)} s is outside the detector's exposure range {Number(detector.MinExposureS, 6)}–{Number(detector.MaxExposureS, 6)} s");
        }

        if (!detector.Binnings.Contains(Plan.Detector.Binning))
        {
            Error("detector.binning", $"{Plan.Detector.Binning} is not offered by the detector; it offers {string.Join(", ", detector.Binnings)}");
        }
    }

    private void CheckEnergy()
    {
        if (Plan.Energy is not { } energy)
        {
            return;
        }

        if (Profile.Monochromator is not { } mono)
        {
            Error("energy", $"instrument '{Profile.Name}' has no monochromator to set an energy");
            return;
        }

        if (energy.FixedEv is { } fixedEv)
        {
            CheckEnergyValue("energy.fixed_ev", fixedEv, mono);
        }

        for (int i = 0; i < energy.Regions.Count; i++)
        {
            CheckEnergyValue($"energy.regions[{i}].from_ev", energy.Regions[i].FromEv, mono);
            CheckEnergyValue($"energy.regions[{i}].to_ev", energy.Regions[i].EnergiesEv()[^1], mono);
        }

        if (energy.Calibration is { } calibration)
        {
            CheckCalibration(calibration, mono);
        }
    }

    /// <summary>A calibration needs the profile's reference foil, energies the monochromator reaches, the foil's edge well inside them, and enough points for a derivative peak.</summary>
    private void CheckCalibration(EnergyRegion calibration, MonochromatorProfile mono)
    {
        if (mono.ReferenceFoil is not { } foil)
        {
            Error("energy.calibrate", $"instrument '{Profile.Name}' has no reference foil to calibrate on (monochromator.reference_foil)");
            return;
        }

        if (Plan.Sample.OutOfBeamOffsetMm.Count == 0)
        {
            Error("energy.calibrate", "the sample must leave the beam while the foil is scanned: give sample.out_of_beam");
        }

        IReadOnlyList<double> energies = calibration.EnergiesEv();
        CheckEnergyValue("energy.calibrate.from_ev", energies[0], mono);
        CheckEnergyValue("energy.calibrate.to_ev", energies[^1], mono);
        if (energies.Count < 7)
        {
            Error("energy.calibrate", $"{energies.Count} energies are too few to place an edge; give at least 7");
        }
        else if (foil.EdgeEv < energies[2] || foil.EdgeEv > energies[^3])
        {
            Error("energy.calibrate", $"the foil's edge at {Number(foil.EdgeEv, 3)} eV must lie inside the calibration scan with at least two points on each side ({Number(energies[0], 3)}–{Number(energies[^1], 3)} eV)");
        }
    }

    private void CheckEnergyValue(string path, double energyEv, MonochromatorProfile mono)
    {
        if (energyEv < mono.MinEv || energyEv > mono.MaxEv)
        {
            Error(path, $"{Number(energyEv, 3)} eV is outside the monochromator's range {Number(mono.MinEv, 3)}–{Number(mono.MaxEv, 3)} eV");
        }
        else if (double.IsNaN(BraggMonochromator.BraggAngleDeg(energyEv, mono.DSpacingAngstrom)))
        {
            Error(path, $"{Number(energyEv, 3)} eV is below the crystal's cut-off energy");
        }
    }

    private void CheckSource()
    {
        if (Plan.Source is not { } source)
        {
            if (Profile.Source is { DefaultOperatingPoint: null })
            {
                Error("source", $"instrument '{Profile.Name}' has an X-ray tube without a default operating point: give source: {{ voltage_kv, current_ua }}");
            }

            return;
        }

        if (Profile.Source is not { } tube)
        {
            Error("source", $"instrument '{Profile.Name}' has no X-ray tube to set");
            return;
        }

        if (source.VoltageKv < tube.MinKv || source.VoltageKv > tube.MaxKv)
        {
            Error("source.voltage_kv", $"{Number(source.VoltageKv, 3)} kV is outside the tube's range {Number(tube.MinKv, 3)}–{Number(tube.MaxKv, 3)} kV");
        }

        if (source.CurrentUa > tube.MaxUa)
        {
            Error("source.current_ua", $"{Number(source.CurrentUa, 3)} µA is above the tube's {Number(tube.MaxUa, 3)} µA");
        }

        double powerW = source.VoltageKv * source.CurrentUa / 1000.0;
        if (powerW > tube.MaxPowerW)
        {
            Error("source", $"{Number(powerW, 3)} W (kV × µA) is above the tube's {Number(tube.MaxPowerW, 3)} W");
        }
    }

    private void CheckReconstruction()
    {
        if (Plan.Reconstruction.CenterPx is { } center)
        {
            int columns = ProfileGeometry.FrameColumns(Profile, Math.Max(1, Plan.Detector.Binning));
            if (center < 0 || center > columns - 1)
            {
                Error("reconstruction.center", $"{Number(center, 3)} is outside the detector's columns 0–{columns - 1} (binned pixels)");
            }
        }

        if (Plan.Reconstruction.FiguresEnergyEv is { } figures && Plan.Energy is { IsScan: true } energy)
        {
            IReadOnlyList<double> energies = energy.EnergiesEv();
            if (figures < energies.Min() || figures > energies.Max())
            {
                Error("reconstruction.figures_energy_ev", $"{Number(figures, 1)} eV is outside the scan's energies {Number(energies.Min(), 1)}–{Number(energies.Max(), 1)} eV");
            }
        }
    }

    private void CheckRange(string path, string fallbackPath, double value, double min, double max, string unit)
    {
        if (value < min || value > max)
        {
            string at = _report.Writes(path) ? path : fallbackPath;
            Error(at, $"{Number(value, 6)}{unit} is outside the limits {Number(min, 6)} to {Number(max, 6)}");
        }
    }

    private void Error(string path, string message) => _report.Error(path, message);

    private void Warning(string path, string message) => _report.Warning(path, message);

    private static string Number(double value, int decimals) => PlanDiagnostics.Number(value, decimals);
}
