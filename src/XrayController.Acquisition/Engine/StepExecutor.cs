using XrayController.Core.Devices;
using XrayController.Core.Protection;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// Carries out steps one at a time on the instrument and hands every frame to the sinks. It remembers what the steps
/// imply: the detector set-up, where each linear axis was last sent (so that an offset out of the beam and back returns
/// exactly), the frames taken and the last checkpoint passed.
/// </summary>
internal sealed partial class StepExecutor(Instrument instrument, CompiledScan scan, TimeProvider time, ScanStarted started, IReadOnlyList<IScanSink> sinks, Suspenders suspenders)
{
    private MachineProtection? _protection;
    private readonly Dictionary<string, double> _commandedMm = new(started.AxesAtStartMm, StringComparer.Ordinal);
    private readonly long _startTimestamp = time.GetTimestamp();
    private readonly int _softwareTriggers = scan.Steps.OfType<AcquireStep>().Count() + scan.Steps.OfType<CalibrationExposureStep>().Count();
    private double _exposureS;
    private int _binning = 1;
    private bool _detectorSetUp;
    private double? _rotationDeg;
    private double? _energyEv;
    private bool _shutterOpen;
    private SetSourceStep? _source;
    private int _projections;
    private int _flats;
    private int _darks;
    private int _delivered;

    public FrameCounts Acquired => new(_projections, _flats, _darks);

    public ExecutorSnapshot? LastCheckpoint { get; private set; }

    /// <summary>Frames handed to the sinks so far, retakes included.</summary>
    public int Delivered => _delivered;

    public double ElapsedS => time.GetElapsedTime(_startTimestamp).TotalSeconds;

    /// <summary>Carries out one step; none starts once the scan is aborted or interrupted.</summary>
    public async Task ExecuteAsync(Step step, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (step)
        {
            case ConfigureDetectorStep configure:
                _exposureS = configure.ExposureS;
                _binning = configure.Binning;
                _detectorSetUp = true;
                await SetUpDetectorAsync(TriggerMode.InternalSeries, _softwareTriggers, cancellationToken).ConfigureAwait(false);
                break;
            case SetSourceStep source:
                _source = source;
                await SwitchSourceOnAsync(source, cancellationToken).ConfigureAwait(false);
                break;
            case RotateStep rotate:
                await ApproveAsync(ForbiddenZone.Rotation, rotate.AngleDeg, cancellationToken).ConfigureAwait(false);
                _rotationDeg = rotate.AngleDeg;
                await EngineMetrics.TimeMoveAsync("rotation", instrument.Rotation.MoveToAsync(rotate.AngleDeg, cancellationToken)).ConfigureAwait(false);
                break;
            case TranslateStep translate:
                await TranslateAsync(translate.Axis, translate.PositionMm, cancellationToken).ConfigureAwait(false);
                break;
            case OffsetStep offset:
                double from = _commandedMm.TryGetValue(offset.Axis, out double commanded)
                    ? commanded
                    : await Axis(offset.Axis).GetPositionAsync(cancellationToken).ConfigureAwait(false);
                await TranslateAsync(offset.Axis, from + offset.DeltaMm, cancellationToken).ConfigureAwait(false);
                break;
            case SetEnergyStep energy:
                _energyEv = energy.EnergyEv;
                await EngineMetrics.TimeMoveAsync("monochromator", SetEnergyAsync(energy.EnergyEv, cancellationToken)).ConfigureAwait(false);
                break;
            case SettleStep settle:
                await time.DelayAsync(TimeSpan.FromSeconds(settle.Seconds), cancellationToken).ConfigureAwait(false);
                break;
            case ShutterStep shutter:
                _shutterOpen = shutter.Open;
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
                ApplyCalibration(apply);
                break;
            case CheckpointStep:
                throw new InvalidOperationException("checkpoints are passed with Checkpoint, not executed");
            default:
                throw new NotSupportedException($"the engine cannot execute {step.GetType().Name}");
        }
    }

    private async Task TranslateAsync(string axis, double positionMm, CancellationToken cancellationToken)
    {
        await ApproveAsync(axis, positionMm, cancellationToken).ConfigureAwait(false);
        await EngineMetrics.TimeMoveAsync(axis, Axis(axis).MoveToAsync(positionMm, cancellationToken)).ConfigureAwait(false);
        _commandedMm[axis] = positionMm;
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
        _rotationDeg = fly.Sweep.RampEndDeg;
        await ExposureShutterAsync(true, cancellationToken).ConfigureAwait(false);
        Task sweep = instrument.Rotation.FlyAsync(fly.Sweep, cancellationToken);
        var trace = new EncoderTrace();
        Task tracing = trace.RecordAsync(instrument.Rotation, () => (time.GetUtcNow() - started.StartTime).TotalSeconds, sweep, cancellationToken);
        foreach (FrameInfo frame in fly.Frames)
        {
            long waited = System.Diagnostics.Stopwatch.GetTimestamp();
            DetectorFrame image = await ReadDuringSweepAsync(sweep, cancellationToken).ConfigureAwait(false);
            EngineMetrics.RecordFrame(waited, "fly");
            double midExposureS = (image.ExposureStart - started.StartTime).TotalSeconds + (_exposureS / 2);
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
        await instrument.Detector.ConfigureAsync(new DetectorConfiguration(_exposureS, _binning, trigger, 1, Math.Max(1, triggers)), cancellationToken).ConfigureAwait(false);
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

        Count(frame.Kind, 1);
        _delivered++;
    }

    private void Count(FrameKind kind, int frames)
    {
        switch (kind)
        {
            case FrameKind.Projection:
                _projections += frames;
                break;
            case FrameKind.Flat:
                _flats += frames;
                break;
            default:
                _darks += frames;
                break;
        }
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
        _shutterOpen && instrument.Safety?.FastShutter is { } fast ? fast.SetOpenAsync(open, cancellationToken) : Task.CompletedTask;

    private async Task SwitchSourceOnAsync(SetSourceStep source, CancellationToken cancellationToken)
    {
        IXraySource tube = Require(instrument.Safety?.Source ?? instrument.Source, "an X-ray source");
        await tube.SetOperatingPointAsync(source.VoltageKv, source.CurrentUa, cancellationToken).ConfigureAwait(false);
        await tube.SetBeamOnAsync(true, cancellationToken).ConfigureAwait(false);
    }

    private Task SetEnergyAsync(double energyEv, CancellationToken cancellationToken) =>
        Require(instrument.Monochromator, "a monochromator").SetEnergyAsync(energyEv - (Calibration?.ShiftEv ?? 0), cancellationToken);

    private ILinearAxis Axis(string name) =>
        instrument.Axes.TryGetValue(name, out ILinearAxis? axis) ? axis : throw new InvalidOperationException($"the instrument has no axis '{name}'");

    private static T Require<T>(T? device, string what)
        where T : class => device ?? throw new InvalidOperationException($"the plan needs {what}, which the instrument does not have");
}
