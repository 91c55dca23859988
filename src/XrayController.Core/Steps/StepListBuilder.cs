using System.Globalization;
using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Plans;

namespace XrayController.Core.Steps;

/// <summary>
/// Builds the step list of one plan (see <see cref="PlanCompiler"/> for the rules): the axes nested in the plan's order,
/// flats and darks where the schedule wants them and only when the last set no longer describes the instrument, and the
/// energy calibration at the start. <see cref="StepEmitter"/> writes the steps without repeats; <see cref="FrameConditions"/>
/// says what each frame is taken under.
/// </summary>
internal sealed class StepListBuilder(Plan plan, InstrumentProfile profile, ScanAxisValues values, FlySweep? fly)
{
    private readonly StepEmitter _emit = new();
    private readonly FrameConditions _frames = new(plan, profile, values);
    private readonly ReferenceState _flatState = new();
    private readonly ReferenceState _darkState = new();
    private int _projections;
    private int _flats;
    private int _darks;

    public IReadOnlyList<Step> Steps => _emit.Steps;

    public FrameCounts Counts => new(_projections, _flats, _darks);

    public void Build()
    {
        _emit.Add(new ConfigureDetectorStep(plan.Detector.ExposureS, plan.Detector.Binning));
        if (plan.Source is { } source)
        {
            _emit.Add(new SetSourceStep(source.VoltageKv, source.CurrentUa));
        }
        else if (profile.Source?.DefaultOperatingPoint is { } point)
        {
            _emit.Add(new SetSourceStep(point.VoltageKv, point.CurrentUa));
        }

        if (plan.Energy?.FixedEv is { } fixedEv)
        {
            MoveEnergy(fixedEv);
        }

        MoveToInBeamPositions();
        if (plan.Detector.OffsetMm is { } detectorOffset)
        {
            _emit.Move(InstrumentProfile.DetectorX, detectorOffset, new TranslateStep(InstrumentProfile.DetectorX, detectorOffset), profile.Axes[InstrumentProfile.DetectorX].SettleS);
        }

        _emit.Checkpoint("start");
        if (plan.Energy?.Calibration is { } calibration)
        {
            CalibrateEnergy(calibration);
        }

        foreach (ScanAxis axis in plan.Order.Where(a => a != ScanAxis.Rotation || fly is null))
        {
            SetAxis(axis, 0);
        }

        References(ReferencePoint.Start);
        Nest(0);
        References(ReferencePoint.End);
        _emit.SetShutter(false);
    }

    private void Nest(int level)
    {
        ScanAxis axis = plan.Order[level];
        bool innermost = level == plan.Order.Count - 1;
        if (axis == ScanAxis.Rotation && fly is not null)
        {
            FlySweepBlock(fly);
            return;
        }

        for (int i = 0; i < values.Count(axis); i++)
        {
            SetAxis(axis, i);
            if (axis != ScanAxis.Rotation)
            {
                _emit.Checkpoint(AxisLabel(axis, i));
                References(EachPointOf(axis));
            }

            if (innermost)
            {
                Projection();
            }
            else
            {
                Nest(level + 1);
            }
        }
    }

    private void SetAxis(ScanAxis axis, int index)
    {
        switch (axis)
        {
            case ScanAxis.Rotation:
                _frames.AngleDeg = values.AnglesDeg[index];
                _emit.Move(SettleStep.Rotation, _frames.AngleDeg, new RotateStep(_frames.AngleDeg), profile.Rotation.SettleS);
                break;
            case ScanAxis.Energy:
                MoveEnergy(values.EnergiesEv[index]);
                break;
            case ScanAxis.Distances:
                _frames.DistanceIndex = index;
                MoveScanAxis(InstrumentProfile.FocusToSample, values.DistancesMm[index]);
                break;
            case ScanAxis.Tiles:
                _frames.TileIndex = index;
                MoveScanAxis(InstrumentProfile.SampleZ, values.TilePositionsMm[index]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(axis), axis, null);
        }
    }

    private void MoveEnergy(double energyEv)
    {
        _frames.EnergyEv = energyEv;
        if (_emit.Move(SettleStep.Energy, energyEv, new SetEnergyStep(energyEv), profile.Monochromator!.SettleS))
        {
            Invalidate();
        }

        // A zone-plate objective refocuses with energy: f grows with E, so the zone plate moves along the beam.
        if (profile.Monochromator.ZonePlate is { } plate)
        {
            double focusMm = Math.Round(plate.SampleDistanceMm(energyEv), 4);
            _emit.Move(plate.Axis, focusMm, new TranslateStep(plate.Axis, focusMm), profile.Axes[plate.Axis].SettleS);
        }
    }

    private void MoveScanAxis(string axis, double positionMm)
    {
        if (_emit.Move(axis, positionMm, new TranslateStep(axis, positionMm), profile.Axes[axis].SettleS))
        {
            Invalidate();
        }
    }

    private void MoveToInBeamPositions()
    {
        IEnumerable<(string Axis, double Mm)> targets = plan.Roi is { } roi
            ? [(InstrumentProfile.CentringX, roi.XMm), (InstrumentProfile.CentringY, roi.YMm), (InstrumentProfile.SampleZ, -roi.ZMm)]
            : plan.Sample.InBeamMm.Select(p => (InstrumentProfile.SampleAxisName(p.Key), p.Value));
        foreach ((string name, double mm) in targets)
        {
            _emit.Move(name, mm, new TranslateStep(name, mm), profile.Axes[name].SettleS);
        }
    }

    private void Projection()
    {
        if (plan.Darks.EveryNProjections is { } darkEvery && _darkState.ProjectionsSince >= darkEvery)
        {
            Darks();
        }

        if (plan.Flats.EveryNProjections is { } flatEvery && _flatState.ProjectionsSince >= flatEvery)
        {
            Flats();
        }

        _emit.Checkpoint(string.Create(CultureInfo.InvariantCulture, $"projection {_projections}"));
        _emit.SetShutter(true);
        Acquire(FrameKind.Projection, _frames.AngleDeg);
        _projections++;
        _flatState.AfterProjections(1);
        _darkState.AfterProjections(1);
    }

    private void FlySweepBlock(FlySweep sweep)
    {
        _emit.Checkpoint(string.Create(CultureInfo.InvariantCulture, $"sweep from projection {_projections}"));
        _emit.SetShutter(true);
        var frames = new FrameInfo[sweep.Count];
        for (int i = 0; i < sweep.Count; i++)
        {
            frames[i] = _frames.Next(FrameKind.Projection, sweep.MidExposureDeg(i, plan.Detector.ExposureS));
        }

        _emit.Add(new FlyScanStep(sweep, frames));
        _emit.Reached(SettleStep.Rotation, sweep.RampEndDeg);
        _frames.AngleDeg = sweep.RampEndDeg;
        _projections += sweep.Count;
        _flatState.AfterProjections(sweep.Count);
        _darkState.AfterProjections(sweep.Count);
    }

    private void References(ReferencePoint point)
    {
        if (plan.Darks.Includes(point))
        {
            Darks();
        }

        if (plan.Flats.Includes(point))
        {
            Flats();
        }
    }

    private void Darks()
    {
        if (_darkState.IsCurrent)
        {
            return;
        }

        _emit.Checkpoint("darks");
        _emit.SetShutter(false);
        for (int i = 0; i < plan.Darks.Count; i++)
        {
            Acquire(FrameKind.Dark, _frames.AngleDeg);
            _darks++;
        }

        _darkState.Taken();
    }

    private void Flats()
    {
        if (_flatState.IsCurrent)
        {
            return;
        }

        _emit.Checkpoint("flats");
        _emit.SetShutter(true);
        foreach ((char axis, double offset) in plan.Sample.OutOfBeamOffsetMm)
        {
            Offset(InstrumentProfile.SampleAxisName(axis), offset);
        }

        for (int i = 0; i < plan.Flats.Count; i++)
        {
            Acquire(FrameKind.Flat, _frames.AngleDeg);
            _flats++;
        }

        foreach ((char axis, double offset) in plan.Sample.OutOfBeamOffsetMm)
        {
            Offset(InstrumentProfile.SampleAxisName(axis), -offset);
        }

        _flatState.Taken();
    }

    private void Offset(string axis, double deltaMm) => _emit.Offset(axis, deltaMm, profile.Axes[axis].SettleS);

    private void Acquire(FrameKind kind, double angleDeg) => _emit.Add(new AcquireStep(_frames.Next(kind, angleDeg)));

    /// <summary>
    /// Sample out, foil in, one dark exposure with the shutter closed, then an exposure at each calibration energy; foil
    /// out, sample back, and the shift applied. The next energy is always commanded again, since the scale has moved.
    /// </summary>
    private void CalibrateEnergy(EnergyRegion calibration)
    {
        ReferenceFoil foil = profile.Monochromator!.ReferenceFoil!;
        _emit.Checkpoint(CheckpointStep.EnergyCalibration);
        foreach ((char axis, double offset) in plan.Sample.OutOfBeamOffsetMm)
        {
            Offset(InstrumentProfile.SampleAxisName(axis), offset);
        }

        _emit.Move(foil.Axis, foil.InMm, new TranslateStep(foil.Axis, foil.InMm), profile.Axes[foil.Axis].SettleS);
        _emit.SetShutter(false);
        _emit.Add(new CalibrationExposureStep(double.NaN, Dark: true));
        _emit.SetShutter(true);
        foreach (double energyEv in calibration.EnergiesEv())
        {
            _emit.Move(SettleStep.Energy, energyEv, new SetEnergyStep(energyEv), profile.Monochromator.SettleS);
            _emit.Add(new CalibrationExposureStep(energyEv));
        }

        _emit.Move(foil.Axis, foil.OutMm, new TranslateStep(foil.Axis, foil.OutMm), profile.Axes[foil.Axis].SettleS);
        foreach ((char axis, double offset) in plan.Sample.OutOfBeamOffsetMm)
        {
            Offset(InstrumentProfile.SampleAxisName(axis), -offset);
        }

        _emit.Add(new ApplyEnergyCalibrationStep(foil.EdgeEv));
        _emit.Forget(SettleStep.Energy);
        Invalidate();
    }

    private void Invalidate()
    {
        _flatState.Invalidate();
        _darkState.Invalidate();
    }

    private string AxisLabel(ScanAxis axis, int index) => axis switch
    {
        ScanAxis.Energy => string.Create(CultureInfo.InvariantCulture, $"energy {values.EnergiesEv[index]} eV"),
        ScanAxis.Distances => string.Create(CultureInfo.InvariantCulture, $"distance {index} ({values.DistancesMm[index]} mm)"),
        ScanAxis.Tiles => string.Create(CultureInfo.InvariantCulture, $"tile {index} ({values.TilePositionsMm[index]} mm)"),
        _ => axis.ToString(),
    };

    private static ReferencePoint EachPointOf(ScanAxis axis) => axis switch
    {
        ScanAxis.Energy => ReferencePoint.EachEnergy,
        ScanAxis.Distances => ReferencePoint.EachDistance,
        ScanAxis.Tiles => ReferencePoint.EachTile,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, null),
    };

    /// <summary>Whether the last reference set still describes the instrument (no projection and no condition change since).</summary>
    private sealed class ReferenceState
    {
        public bool IsCurrent { get; private set; }

        public int ProjectionsSince { get; private set; }

        public void Taken()
        {
            IsCurrent = true;
            ProjectionsSince = 0;
        }

        public void Invalidate() => IsCurrent = false;

        public void AfterProjections(int count)
        {
            IsCurrent = false;
            ProjectionsSince += count;
        }
    }
}
