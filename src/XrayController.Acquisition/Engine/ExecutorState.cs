using XrayController.Core.Devices;
using XrayController.Core.Optics;
using XrayController.Core.Protection;
using XrayController.Core.Steps;
using XrayController.Core.Timing;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// What the steps before a checkpoint left the instrument in: positions commanded, energy, shutter, detector set-up,
/// frames counted and the calibration so far. Resuming restores it on the instrument and runs the steps after it, so
/// the stretch a pause interrupted is taken again exactly as planned.
/// </summary>
internal sealed record ExecutorSnapshot(
    int StepIndex,
    string Label,
    double? RotationDeg,
    double? EnergyEv,
    IReadOnlyDictionary<string, double> AxesMm,
    bool ShutterOpen,
    SetSourceStep? Source,
    bool DetectorSetUp,
    double ExposureS,
    int Binning,
    FrameCounts Acquired,
    int Delivered,
    int CalibrationSignals,
    double CalibrationDark,
    EnergyCalibration? Calibration);

internal sealed partial class StepExecutor
{
    /// <summary>Passes a checkpoint: remembers the state the steps so far have left, for a resume from here.</summary>
    public ExecutorSnapshot Checkpoint(CheckpointStep checkpoint, int stepIndex)
    {
        LastCheckpoint = new ExecutorSnapshot(
            stepIndex,
            checkpoint.Label,
            _rotationDeg,
            _energyEv,
            new Dictionary<string, double>(_commandedMm, StringComparer.Ordinal),
            _shutterOpen,
            _source,
            _detectorSetUp,
            _exposureS,
            _binning,
            Acquired,
            _delivered,
            _calibrationSignals.Count,
            _calibrationDark,
            Calibration);
        return LastCheckpoint;
    }

    /// <summary>
    /// The bookkeeping of the steps before <paramref name="until"/> without carrying them out (frames counted, positions
    /// and settings noted), for a scan resumed there; an energy calibration among them is carried out, since its result
    /// shapes every later energy and was not kept.
    /// </summary>
    public async Task ReplayAsync(IReadOnlyList<Step> steps, int until, CancellationToken cancellationToken)
    {
        bool calibrating = false;
        for (int i = 0; i < until; i++)
        {
            Step step = steps[i];
            if (step is CheckpointStep { Label: CheckpointStep.EnergyCalibration })
            {
                calibrating = true;
                if (_detectorSetUp)
                {
                    await SetUpDetectorAsync(TriggerMode.InternalSeries, _softwareTriggers, cancellationToken).ConfigureAwait(false);
                }
            }

            if (calibrating)
            {
                if (step is not CheckpointStep)
                {
                    await ExecuteAsync(step, cancellationToken).ConfigureAwait(false);
                }

                calibrating = step is not ApplyEnergyCalibrationStep;
                continue;
            }

            switch (step)
            {
                case ConfigureDetectorStep configure:
                    (_exposureS, _binning, _detectorSetUp) = (configure.ExposureS, configure.Binning, true);
                    break;
                case RotateStep rotate:
                    _rotationDeg = rotate.AngleDeg;
                    break;
                case TranslateStep translate:
                    _commandedMm[translate.Axis] = translate.PositionMm;
                    break;
                case OffsetStep offset when _commandedMm.TryGetValue(offset.Axis, out double from):
                    _commandedMm[offset.Axis] = from + offset.DeltaMm;
                    break;
                case SetEnergyStep energy:
                    _energyEv = energy.EnergyEv;
                    break;
                case ShutterStep shutter:
                    _shutterOpen = shutter.Open;
                    break;
                case SetSourceStep source:
                    _source = source;
                    break;
                case AcquireStep acquire:
                    Count(acquire.Frame.Kind, 1);
                    break;
                case FlyScanStep fly:
                    _rotationDeg = fly.Sweep.RampEndDeg;
                    Count(FrameKind.Projection, fly.Frames.Count);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>
    /// Brings the instrument back to a checkpoint's state (the start of the scan when there is none): detector set up,
    /// axes, rotation and energy where the steps had commanded them, then the shutter as it was. Frame counts go back
    /// too, so the frames taken again are counted once.
    /// </summary>
    public async Task RestoreAsync(ExecutorSnapshot? snapshot, CancellationToken cancellationToken)
    {
        _exposureS = snapshot?.ExposureS ?? 0;
        _binning = snapshot?.Binning ?? 1;
        _detectorSetUp = snapshot?.DetectorSetUp ?? false;
        _rotationDeg = snapshot?.RotationDeg;
        _energyEv = snapshot?.EnergyEv;
        _shutterOpen = snapshot?.ShutterOpen ?? false;
        _source = snapshot?.Source;
        FrameCounts acquired = snapshot?.Acquired ?? new FrameCounts(0, 0, 0);
        (_projections, _flats, _darks) = (acquired.Projections, acquired.Flats, acquired.Darks);
        _calibrationSignals.RemoveRange(snapshot?.CalibrationSignals ?? 0, _calibrationSignals.Count - (snapshot?.CalibrationSignals ?? 0));
        _calibrationDark = snapshot?.CalibrationDark ?? 0;
        Calibration = snapshot?.Calibration;
        _commandedMm.Clear();
        foreach ((string axis, double positionMm) in started.AxesAtStartMm)
        {
            _commandedMm[axis] = positionMm;
        }

        _protection = null;
        if (snapshot is null)
        {
            return;
        }

        double settleS = 0;

        if (_detectorSetUp)
        {
            await SetUpDetectorAsync(TriggerMode.InternalSeries, _softwareTriggers, cancellationToken).ConfigureAwait(false);
        }

        foreach ((string axis, double positionMm) in snapshot.AxesMm)
        {
            await TranslateAsync(axis, positionMm, cancellationToken).ConfigureAwait(false);
            settleS = Math.Max(settleS, scan.Profile.Axes[axis].SettleS);
        }

        if (_rotationDeg is { } angleDeg)
        {
            await ApproveAsync(ForbiddenZone.Rotation, angleDeg, cancellationToken).ConfigureAwait(false);
            await instrument.Rotation.MoveToAsync(angleDeg, cancellationToken).ConfigureAwait(false);
            settleS = Math.Max(settleS, scan.Profile.Rotation.SettleS);
        }

        if (_energyEv is { } energyEv)
        {
            await SetEnergyAsync(energyEv, cancellationToken).ConfigureAwait(false);
            settleS = Math.Max(settleS, scan.Profile.Monochromator?.SettleS ?? 0);
        }

        await time.DelayAsync(TimeSpan.FromSeconds(settleS), cancellationToken).ConfigureAwait(false);
        if (_source is not null)
        {
            // The interlock (or the tube's own) may have switched the tube off during the pause.
            await SwitchSourceOnAsync(_source, cancellationToken).ConfigureAwait(false);
        }


        await instrument.Shutter.SetOpenAsync(_shutterOpen, cancellationToken).ConfigureAwait(false);
    }
}
