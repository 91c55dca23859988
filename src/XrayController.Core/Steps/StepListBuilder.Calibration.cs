using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Plans;

namespace XrayController.Core.Steps;

/// <summary>The energy calibration at the start of a scan.</summary>
internal sealed partial class StepListBuilder
{
    /// <summary>
    /// Sample out, foil in, one dark exposure with the shutter closed, then an exposure at each calibration energy; foil
    /// out, sample back, and the shift applied. The next energy is always commanded again, since the scale has moved.
    /// </summary>
    private void CalibrateEnergy(EnergyRegion calibration)
    {
        ReferenceFoil foil = profile.Monochromator!.ReferenceFoil!;
        Checkpoint(CheckpointStep.EnergyCalibration);
        foreach ((char axis, double offset) in plan.Sample.OutOfBeamOffsetMm)
        {
            Offset(InstrumentProfile.SampleAxisName(axis), offset);
        }

        Move(foil.Axis, foil.InMm, new TranslateStep(foil.Axis, foil.InMm), profile.Axes[foil.Axis].SettleS);
        SetShutter(false);
        _steps.Add(new CalibrationExposureStep(double.NaN, Dark: true));
        SetShutter(true);
        foreach (double energyEv in calibration.EnergiesEv())
        {
            Move(SettleStep.Energy, energyEv, new SetEnergyStep(energyEv), profile.Monochromator.SettleS);
            _steps.Add(new CalibrationExposureStep(energyEv));
        }

        Move(foil.Axis, foil.OutMm, new TranslateStep(foil.Axis, foil.OutMm), profile.Axes[foil.Axis].SettleS);
        foreach ((char axis, double offset) in plan.Sample.OutOfBeamOffsetMm)
        {
            Offset(InstrumentProfile.SampleAxisName(axis), -offset);
        }

        _steps.Add(new ApplyEnergyCalibrationStep(foil.EdgeEv));
        _commanded.Remove(SettleStep.Energy);
        Invalidate();
    }
}
