using XrayController.Core.Devices;
using XrayController.Core.Optics;
using XrayController.Core.Protection;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// Carries out steps one at a time on the instrument and hands every frame to the sinks, keeping what they leave the
/// instrument in (<see cref="ExecutorState"/>), the energy calibration (<see cref="FoilCalibration"/>) and the last
/// checkpoint passed; it replays the bookkeeping of steps before a resume point and restores a checkpoint's state on
/// the instrument.
/// </summary>
internal sealed class StepExecutor(Instrument instrument, CompiledScan scan, TimeProvider time, ScanStarted started, IReadOnlyList<IScanSink> sinks, Suspenders suspenders)
{
    private readonly ExecutorState _state = new(started.AxesAtStartMm);
    private readonly FoilCalibration _calibration = new();
    private readonly long _startTimestamp = time.GetTimestamp();
    private readonly int _softwareTriggers = scan.Steps.OfType<AcquireStep>().Count() + scan.Steps.OfType<CalibrationExposureStep>().Count();
    private MachineProtection? _protection;

    public FrameCounts Acquired => _state.Acquired;

    public ExecutorSnapshot? LastCheckpoint { get; private set; }

    /// <summary>Frames handed to the sinks so far, retakes included.</summary>
    public int Delivered => _state.Delivered;

    /// <summary>The calibration made so far in this scan; every later energy is commanded shifted by it.</summary>
    public EnergyCalibration? Calibration => _calibration.Result;

    public double ElapsedS => time.GetElapsedTime(_startTimestamp).TotalSeconds;

    /// <summary>Carries out one step; none starts once the scan is aborted or interrupted.</summary>
    public async Task ExecuteAsync(Step step, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (step)
        {
            case ConfigureDetectorStep configure:
                _state.Configure(configure);
                await SetUpDetectorAsync(TriggerMode.InternalSeries, _softwareTriggers, cancellationToken).ConfigureAwait(false);
                break;
            case SetSourceStep source:
                _state.Source = source;
                await SwitchSourceOnAsync(source, cancellationToken).ConfigureAwait(false);
                break;
            case RotateStep rotate:
                await ApproveAsync(ForbiddenZone.Rotation, rotate.AngleDeg, cancellationToken).ConfigureAwait(false);
                _state.RotationDeg = rotate.AngleDeg;
                await EngineMetrics.TimeMoveAsync("rotation", instrument.Rotation.MoveToAsync(rotate.AngleDeg, cancellationToken)).ConfigureAwait(false);
                break;
            case TranslateStep translate:
                await TranslateAsync(translate.Axis, translate.PositionMm, cancellationToken).ConfigureAwait(false);
                break;
            case OffsetStep offset:
                double from = _state.TryGetCommandedMm(offset.Axis, out double commanded)
                    ? commanded
                    : await Axis(offset.Axis).GetPositionAsync(cancellationToken).ConfigureAwait(false);
                await TranslateAsync(offset.Axis, from + offset.DeltaMm, cancellationToken).ConfigureAwait(false);
                break;
            case SetEnergyStep energy:
                _state.EnergyEv = energy.EnergyEv;
                await EngineMetrics.TimeMoveAsync("monochromator", SetEnergyAsync(energy.EnergyEv, cancellationToken)).ConfigureAwait(false);
                break;
            case SettleStep settle:
                await time.DelayAsync(TimeSpan.FromSeconds(settle.Seconds), cancellationToken).ConfigureAwait(false);
                break;
            case ShutterStep shutter:
                _state.ShutterOpen = shutter.Open;
                await instrument.Shutter.SetOpenAsync(shutter.Open, cancellationToken).ConfigureAwait(false);
                break;
            case AcquireStep acquire:
                await AcquireAsync(acquire.Frame, cancellationToken).ConfigureAwait(false);
                break;
            case FlyScanStep fly:
                await FlyAsync(fly, cancellationToken).ConfigureAwait(false);
                break;
            case CalibrationExposureStep exposure:
                await CalibrationExposureAsync(exposure, cancellationToken).ConfigureAwait(false);
                break;
            case ApplyEnergyCalibrationStep apply:
                _calibration.Apply(apply);
                break;
            case CheckpointStep:
                throw new InvalidOperationException("checkpoints are passed with Checkpoint, not executed");
            default:
                throw new NotSupportedException($"the engine cannot execute {step.GetType().Name}");
        }
    }

    /// <summary>Passes a checkpoint: remembers the state the steps so far have left, for a resume from here.</summary>
    public ExecutorSnapshot Checkpoint(CheckpointStep checkpoint, int stepIndex)
    {
        LastCheckpoint = _state.Freeze(stepIndex, checkpoint.Label, _calibration);
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
                if (_state.DetectorSetUp)
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

            _state.Note(step);
        }
    }

    /// <summary>
    /// Brings the instrument back to a checkpoint's state (the start of the scan when there is none): detector set up,
    /// axes, rotation and energy where the steps had commanded them, then the shutter as it was.
    /// </summary>
    public async Task RestoreAsync(ExecutorSnapshot? snapshot, CancellationToken cancellationToken)
    {
        _state.Thaw(snapshot);
        _calibration.Restore(snapshot);
        _protection = null;
        if (snapshot is null)
        {
            return;
        }

        double settleS = 0;
        if (_state.DetectorSetUp)
        {
            await SetUpDetectorAsync(TriggerMode.InternalSeries, _softwareTriggers, cancellationToken).ConfigureAwait(false);
        }

        foreach ((string axis, double positionMm) in snapshot.AxesMm)
        {
            await TranslateAsync(axis, positionMm, cancellationToken).ConfigureAwait(false);
            settleS = Math.Max(settleS, scan.Profile.Axes[axis].SettleS);
        }

        if (_state.RotationDeg is { } angleDeg)
        {
            await ApproveAsync(ForbiddenZone.Rotation, angleDeg, cancellationToken).ConfigureAwait(false);
            await instrument.Rotation.MoveToAsync(angleDeg, cancellationToken).ConfigureAwait(false);
            settleS = Math.Max(settleS, scan.Profile.Rotation.SettleS);
        }

        if (_state.EnergyEv is { } energyEv)
        {
            await SetEnergyAsync(energyEv, cancellationToken).ConfigureAwait(false);
            settleS = Math.Max(settleS, scan.Profile.Monochromator?.SettleS ?? 0);
        }

        await time.DelayAsync(TimeSpan.FromSeconds(settleS), cancellationToken).ConfigureAwait(false);
        if (_state.Source is { } source)
        {
            // The interlock (or the tube's own) may have switched the tube off during the pause.
            await SwitchSourceOnAsync(source, cancellationToken).ConfigureAwait(false);
        }

        await instrument.Shutter.SetOpenAsync(_state.ShutterOpen, cancellationToken).ConfigureAwait(false);
    }

    private async Task TranslateAsync(string axis, double positionMm, CancellationToken cancellationToken)
    {
        await ApproveAsync(axis, positionMm, cancellationToken).ConfigureAwait(false);
        await EngineMetrics.TimeMoveAsync(axis, Axis(axis).MoveToAsync(positionMm, cancellationToken)).ConfigureAwait(false);
        _state.Commanded(axis, positionMm);
    }

    private async Task AcquireAsync(FrameInfo frame, CancellationToken cancellationToken)
    {
        // The encoder and the beam monitor are read while the detector exposes, so the read-backs cost no time; a beam
        // reading below the suspender's threshold interrupts the exposure, which is taken again after the pause.
        await ExposureShutterAsync(true, cancellationToken).ConfigureAwait(false);
        long triggered = System.Diagnostics.Stopwatch.GetTimestamp();
        Task trigger = instrument.Detector.TriggerAsync(cancellationToken);
        double encoderDeg = await instrument.Rotation.GetPositionAsync(cancellationToken).ConfigureAwait(false);
        double i0 = await ReadBeamAsync(cancellationToken).ConfigureAwait(false);
        await trigger.ConfigureAwait(false);
        await ExposureShutterAsync(false, cancellationToken).ConfigureAwait(false);
        DetectorFrame image = await instrument.Detector.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
        EngineMetrics.RecordFrame(triggered, "step");
        cancellationToken.ThrowIfCancellationRequested();
        await DeliverAsync(frame, image, encoderDeg, i0).ConfigureAwait(false);
    }

    /// <summary>One frame through the foil (or a dark one) for the energy calibration.</summary>
    private async Task CalibrationExposureAsync(CalibrationExposureStep exposure, CancellationToken cancellationToken)
    {
        await ExposureShutterAsync(true, cancellationToken).ConfigureAwait(false);
        await instrument.Detector.TriggerAsync(cancellationToken).ConfigureAwait(false);
        await ExposureShutterAsync(false, cancellationToken).ConfigureAwait(false);
        _calibration.Record(exposure, await instrument.Detector.ReadFrameAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// A fly sweep: the detector waits for external triggers while the stage sweeps and fires them; frames are taken
    /// from the detector as they come. Meanwhile the encoder is traced, and each frame's read-back angle is the trace at
    /// the middle of its exposure (its commanded angle is the plan's mid-exposure angle). If the sweep fails, the wait
    /// for frames ends with its error.
    /// </summary>
    private async Task FlyAsync(FlyScanStep fly, CancellationToken cancellationToken)
    {
        await ApproveAsync(ForbiddenZone.Rotation, fly.Sweep.RampStartDeg, cancellationToken).ConfigureAwait(false);
        await ApproveAsync(ForbiddenZone.Rotation, fly.Sweep.RampEndDeg, cancellationToken).ConfigureAwait(false);
        await SetUpDetectorAsync(TriggerMode.ExternalSeries, fly.Frames.Count, cancellationToken).ConfigureAwait(false);
        _state.RotationDeg = fly.Sweep.RampEndDeg;
        await ExposureShutterAsync(true, cancellationToken).ConfigureAwait(false);
        Task sweep = instrument.Rotation.FlyAsync(fly.Sweep, cancellationToken);
        var trace = new EncoderTrace();
        Task tracing = trace.RecordAsync(instrument.Rotation, () => (time.GetUtcNow() - started.StartTime).TotalSeconds, sweep, cancellationToken);
        foreach (FrameInfo frame in fly.Frames)
        {
            long waited = System.Diagnostics.Stopwatch.GetTimestamp();
            DetectorFrame image = await ReadDuringSweepAsync(sweep, cancellationToken).ConfigureAwait(false);
            EngineMetrics.RecordFrame(waited, "fly");
            double midExposureS = (image.ExposureStart - started.StartTime).TotalSeconds + (_state.ExposureS / 2);
            double i0 = await ReadBeamAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            await DeliverAsync(frame, image, await trace.AngleAtAsync(midExposureS, sweep).ConfigureAwait(false), i0).ConfigureAwait(false);
        }

        await sweep.ConfigureAwait(false);
        await tracing.ConfigureAwait(false);
        await ExposureShutterAsync(false, cancellationToken).ConfigureAwait(false);
        await SetUpDetectorAsync(TriggerMode.InternalSeries, _softwareTriggers, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DetectorFrame> ReadDuringSweepAsync(Task sweep, CancellationToken cancellationToken)
    {
        Task<DetectorFrame> read = instrument.Detector.ReadFrameAsync(cancellationToken);
        if (await Task.WhenAny(read, sweep).ConfigureAwait(false) == sweep && !read.IsCompleted && !sweep.IsCompletedSuccessfully)
        {
            await sweep.ConfigureAwait(false);
        }

        return await read.ConfigureAwait(false);
    }

    private async Task SetUpDetectorAsync(TriggerMode trigger, int triggers, CancellationToken cancellationToken)
    {
        await instrument.Detector.DisarmAsync(cancellationToken).ConfigureAwait(false);
        await instrument.Detector.ConfigureAsync(new DetectorConfiguration(_state.ExposureS, _state.Binning, trigger, 1, Math.Max(1, triggers)), cancellationToken).ConfigureAwait(false);
        await instrument.Detector.ArmAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands a frame to every sink, first the file writer. Not cancellable: an acquired frame is never dropped.</summary>
    private async Task DeliverAsync(FrameInfo frame, DetectorFrame image, double encoderDeg, double i0)
    {
        if (image.Rows != scan.FrameRows || image.Columns != scan.FrameColumns)
        {
            throw new InvalidDataException($"the detector delivered a {image.Rows} x {image.Columns} frame for seq {frame.Seq}; the scan expects {scan.FrameRows} x {scan.FrameColumns}");
        }

        double timestampS = (image.ExposureStart - started.StartTime).TotalSeconds;
        var document = new FrameAcquired(frame, image, encoderDeg, timestampS, i0) { TemperatureC = suspenders.Environment?.LastTemperatureC ?? double.NaN };
        foreach (IScanSink sink in sinks)
        {
            await sink.OnFrameAsync(document, CancellationToken.None).ConfigureAwait(false);
        }

        _state.Deliver(frame.Kind);
    }

    /// <summary>
    /// Machine protection before every move: the first check reads where the axes really are (only when the profile has
    /// forbidden zones, so that other instruments spend no commands on it); a move into a zone is refused unsent.
    /// </summary>
    private async Task ApproveAsync(string axis, double to, CancellationToken cancellationToken)
    {
        if (scan.Profile.ForbiddenZones.Count == 0)
        {
            return;
        }

        if (_protection is null)
        {
            var positions = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [ForbiddenZone.Rotation] = await instrument.Rotation.GetPositionAsync(cancellationToken).ConfigureAwait(false),
            };
            foreach ((string name, ILinearAxis linear) in instrument.Axes)
            {
                positions[name] = await linear.GetPositionAsync(cancellationToken).ConfigureAwait(false);
            }

            _protection = new MachineProtection(scan.Profile.ForbiddenZones, positions);
        }

        _protection.Approve(axis, to);
    }

    /// <summary>Reads the beam monitor (and lets the suspender judge the reading); NaN without one.</summary>
    public Task<double> ReadBeamAsync(CancellationToken cancellationToken) => suspenders.Beam?.ReadAsync(cancellationToken) ?? Task.FromResult(double.NaN);

    /// <summary>Checks every suspender's condition (before the first step and at checkpoints); a bad one suspends the scan.</summary>
    public async Task CheckSuspendersAsync(CancellationToken cancellationToken)
    {
        suspenders.Interlock?.Check();
        suspenders.Disk?.Check();
        await ReadBeamAsync(cancellationToken).ConfigureAwait(false);
        if (suspenders.Environment is { } environment)
        {
            await environment.CheckAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>While suspenders hold the scan, watches their conditions until each can release it.</summary>
    public Task WatchSuspendersAsync(CancellationToken cancellationToken) => Task.WhenAll(
        suspenders.Beam?.WatchWhileSuspendedAsync(cancellationToken) ?? Task.CompletedTask,
        suspenders.Interlock?.WatchWhileSuspendedAsync(cancellationToken) ?? Task.CompletedTask,
        suspenders.Environment?.WatchWhileSuspendedAsync(cancellationToken) ?? Task.CompletedTask,
        suspenders.Disk?.WatchWhileSuspendedAsync(cancellationToken) ?? Task.CompletedTask);

    /// <summary>Opens or closes the fast shutter around an exposure, when there is one and the main shutter is open (darks need neither).</summary>
    private Task ExposureShutterAsync(bool open, CancellationToken cancellationToken) =>
        _state.ShutterOpen && instrument.Safety?.FastShutter is { } fast ? fast.SetOpenAsync(open, cancellationToken) : Task.CompletedTask;

    private async Task SwitchSourceOnAsync(SetSourceStep source, CancellationToken cancellationToken)
    {
        IXraySource tube = Require(instrument.Safety?.Source ?? instrument.Source, "an X-ray source");
        await tube.SetOperatingPointAsync(source.VoltageKv, source.CurrentUa, cancellationToken).ConfigureAwait(false);
        await tube.SetBeamOnAsync(true, cancellationToken).ConfigureAwait(false);
    }

    private Task SetEnergyAsync(double energyEv, CancellationToken cancellationToken) =>
        Require(instrument.Monochromator, "a monochromator").SetEnergyAsync(energyEv - (_calibration.Result?.ShiftEv ?? 0), cancellationToken);

    private ILinearAxis Axis(string name) =>
        instrument.Axes.TryGetValue(name, out ILinearAxis? axis) ? axis : throw new InvalidOperationException($"the instrument has no axis '{name}'");

    private static T Require<T>(T? device, string what)
        where T : class => device ?? throw new InvalidOperationException($"the plan needs {what}, which the instrument does not have");
}
