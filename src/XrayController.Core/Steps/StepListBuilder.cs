using System.Globalization;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;

namespace XrayController.Core.Steps;

/// <summary>Builds the step list of one plan; see <see cref="PlanCompiler"/> for the rules.</summary>
internal sealed partial class StepListBuilder(Plan plan, InstrumentProfile profile, ScanAxisValues values, FlySweep? fly)
{
    private readonly List<Step> _steps = [];
    private readonly Dictionary<string, double> _commanded = new(StringComparer.Ordinal);
    private readonly ReferenceState _flatState = new();
    private readonly ReferenceState _darkState = new();
    private bool? _shutterOpen;
    private long _seq;
    private int _projections;
    private int _flats;
    private int _darks;
    private int _checkpoints;
    private double _angleDeg = double.NaN;
    private double _energyEv = plan.Energy?.FixedEv ?? double.NaN;
    private int _distanceIndex;
    private int _tileIndex;

    public IReadOnlyList<Step> Steps => _steps;

    public FrameCounts Counts => new(_projections, _flats, _darks);

    public void Build()
    {
        _steps.Add(new ConfigureDetectorStep(plan.Detector.ExposureS, plan.Detector.Binning));
        if (plan.Source is { } source)
        {
            _steps.Add(new SetSourceStep(source.VoltageKv, source.CurrentUa));
        }
        else if (profile.Source?.DefaultOperatingPoint is { } point)
        {
            _steps.Add(new SetSourceStep(point.VoltageKv, point.CurrentUa));
        }

        if (plan.Energy?.FixedEv is { } fixedEv)
        {
            MoveEnergy(fixedEv);
        }

        MoveToInBeamPositions();
        Checkpoint("start");
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
        SetShutter(false);
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
                Checkpoint(AxisLabel(axis, i));
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
                _angleDeg = values.AnglesDeg[index];
                Move(SettleStep.Rotation, _angleDeg, new RotateStep(_angleDeg), profile.Rotation.SettleS);
                break;
            case ScanAxis.Energy:
                MoveEnergy(values.EnergiesEv[index]);
                break;
            case ScanAxis.Distances:
                _distanceIndex = index;
                MoveScanAxis(InstrumentProfile.FocusToSample, values.DistancesMm[index]);
                break;
            case ScanAxis.Tiles:
                _tileIndex = index;
                MoveScanAxis(InstrumentProfile.SampleZ, values.TilePositionsMm[index]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(axis), axis, null);
        }
    }

    private void MoveEnergy(double energyEv)
    {
        _energyEv = energyEv;
        if (Move(SettleStep.Energy, energyEv, new SetEnergyStep(energyEv), profile.Monochromator!.SettleS))
        {
            Invalidate();
        }

        // A zone-plate objective refocuses with energy: f grows with E, so the zone plate moves along the beam.
        if (profile.Monochromator.ZonePlate is { } plate)
        {
            double focusMm = Math.Round(plate.SampleDistanceMm(energyEv), 4);
            Move(plate.Axis, focusMm, new TranslateStep(plate.Axis, focusMm), profile.Axes[plate.Axis].SettleS);
        }
    }

    private void MoveScanAxis(string axis, double positionMm)
    {
        if (Move(axis, positionMm, new TranslateStep(axis, positionMm), profile.Axes[axis].SettleS))
        {
            Invalidate();
        }
    }

    private void MoveToInBeamPositions()
    {
        IEnumerable<(char Axis, double Mm)> targets = plan.Roi is { } roi
            ? [('x', roi.XMm), ('y', roi.YMm), ('z', roi.ZMm)]
            : plan.Sample.InBeamMm.Select(p => (p.Key, p.Value));
        foreach ((char axis, double mm) in targets)
        {
            string name = InstrumentProfile.SampleAxisName(axis);
            Move(name, mm, new TranslateStep(name, mm), profile.Axes[name].SettleS);
        }
    }

    /// <summary>Emits a move and its settle unless the axis was last commanded to the same target; returns whether it moved.</summary>
    private bool Move(string axisKey, double target, Step move, double settleS)
    {
        if (_commanded.TryGetValue(axisKey, out double current) && current == target)
        {
            return false;
        }

        _commanded[axisKey] = target;
        _steps.Add(move);
        if (settleS > 0)
        {
            _steps.Add(new SettleStep(axisKey, settleS));
        }

        return true;
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

        Checkpoint(string.Create(CultureInfo.InvariantCulture, $"projection {_projections}"));
        SetShutter(true);
        Acquire(FrameKind.Projection, _angleDeg);
        _projections++;
        _flatState.AfterProjections(1);
        _darkState.AfterProjections(1);
    }

    private void FlySweepBlock(FlySweep sweep)
    {
        Checkpoint(string.Create(CultureInfo.InvariantCulture, $"sweep from projection {_projections}"));
        SetShutter(true);
        var frames = new FrameInfo[sweep.Count];
        for (int i = 0; i < sweep.Count; i++)
        {
            frames[i] = NextFrame(FrameKind.Projection, sweep.MidExposureDeg(i, plan.Detector.ExposureS));
        }

        _steps.Add(new FlyScanStep(sweep, frames));
        _commanded[SettleStep.Rotation] = sweep.RampEndDeg;
        _angleDeg = sweep.RampEndDeg;
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

        Checkpoint("darks");
        SetShutter(false);
        for (int i = 0; i < plan.Darks.Count; i++)
        {
            Acquire(FrameKind.Dark, _angleDeg);
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

        Checkpoint("flats");
        SetShutter(true);
        foreach ((char axis, double offset) in plan.Sample.OutOfBeamOffsetMm)
        {
            Offset(InstrumentProfile.SampleAxisName(axis), offset);
        }

        for (int i = 0; i < plan.Flats.Count; i++)
        {
            Acquire(FrameKind.Flat, _angleDeg);
            _flats++;
        }

        foreach ((char axis, double offset) in plan.Sample.OutOfBeamOffsetMm)
        {
            Offset(InstrumentProfile.SampleAxisName(axis), -offset);
        }

        _flatState.Taken();
    }

    private void Offset(string axis, double deltaMm)
    {
        _steps.Add(new OffsetStep(axis, deltaMm));
        if (profile.Axes[axis].SettleS > 0)
        {
            _steps.Add(new SettleStep(axis, profile.Axes[axis].SettleS));
        }
    }

    private void Acquire(FrameKind kind, double angleDeg) => _steps.Add(new AcquireStep(NextFrame(kind, angleDeg)));

    private FrameInfo NextFrame(FrameKind kind, double angleDeg) => new(_seq++, kind, angleDeg, _energyEv, _distanceIndex, _tileIndex, Magnification(), PropagationDistanceMm());

    /// <summary>
    /// With a zone plate, the profile's magnification holds at the monochromator's initial energy and scales with the
    /// zone plate's; in holotomography it is the Fresnel magnification of the current distance (times any optical one).
    /// </summary>
    private double Magnification()
    {
        if (profile.Monochromator?.ZonePlate is { } plate && !double.IsNaN(_energyEv))
        {
            return profile.Geometry.OpticalMagnification * plate.Magnification(_energyEv) / plate.Magnification(profile.Monochromator.InitialEv);
        }

        return values.DistancesMm.Count > 0 && profile.Geometry.SourceToDetectorMm is { } focusToDetector
            ? profile.Geometry.OpticalMagnification * Optics.FresnelScaling.Magnification(values.DistancesMm[_distanceIndex], focusToDetector)
            : double.NaN;
    }

    private double PropagationDistanceMm() => values.DistancesMm.Count > 0 && profile.Geometry.SourceToDetectorMm is { } focusToDetector
        ? Optics.FresnelScaling.EffectiveDistanceMm(values.DistancesMm[_distanceIndex], focusToDetector)
        : double.NaN;

    /// <summary>Emits a shutter command when the state changes; the state is unknown at the start, so the first command is always emitted.</summary>
    private void SetShutter(bool open)
    {
        if (_shutterOpen != open)
        {
            _shutterOpen = open;
            _steps.Add(new ShutterStep(open));
        }
    }

    private void Checkpoint(string label) => _steps.Add(new CheckpointStep(_checkpoints++, label));

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
