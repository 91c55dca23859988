using System.Runtime.InteropServices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Protocols.Simplon;
using XrayController.Simulators.Physics;
using XrayController.Simulators.Stage;

namespace XrayController.Simulators.Detector;

/// <summary>The outcome of a REST call on the simulated detector: an HTTP status and a JSON or text body.</summary>
public readonly record struct SimplonResult(int Status, object? Body)
{
    public static SimplonResult Ok(object? body = null) => new(200, body);

    public static SimplonResult BadRequest(string message) => new(400, message);
}

/// <summary>
/// A SIMPLON-style detector front (<c>simplon-detector.md</c>) on a simulated flat panel or CCD: configuration keys with
/// ranges, arm/trigger/disarm/cancel/abort with the state machine, the four trigger modes, and images rendered from the
/// physics simulator at the angle the stage has at mid-exposure, pushed on the image stream. A software trigger returns
/// when its images are read out (exposure + readout); what the profile charges per frame beyond that (transfer, host
/// handling) is spent for real on the wire and in the engine. External triggers come from the stage's PSO pulses. A flat panel shows lag: a share of each frame's signal appears again in the next.
/// </summary>
public sealed class SimplonDetectorSimulator
{
    private readonly DetectorProfile _profile;
    private readonly double _photonsPerPixelPerS;
    private readonly IFrameRenderer _renderer;
    private readonly TimeProvider _time;
    private readonly Func<long, DetectorSample> _sample;
    private readonly Action<byte[]> _send;
    private readonly FlatPanelLag? _lag;
    private readonly Lock _gate = new();
    private string _state = SimplonStates.NotInitialized;
    private readonly SimplonDetectorSettings _settings;
    private long _seriesId;
    private long _armTimestamp;
    private long _triggersTaken;
    private long _imageId;
    private long _frameSeed;
    private long _busyUntil;
    private Task _externalChain = Task.CompletedTask;
    private CancellationTokenSource _series = new();

    internal SimplonDetectorSimulator(
        DetectorProfile profile,
        double photonsPerPixelPerS,
        IFrameRenderer renderer,
        TimeProvider time,
        Func<long, DetectorSample> sample,
        Action<byte[]> send,
        FlatPanelLag? lag)
    {
        _lag = lag;
        _profile = profile;
        _photonsPerPixelPerS = photonsPerPixelPerS;
        _renderer = renderer;
        _time = time;
        _sample = sample;
        _send = send;
        _settings = new SimplonDetectorSettings(profile);
    }

    public DetectorFaults Faults { get; } = new();

    /// <summary>Hardware triggers that came while the detector was still busy with the previous frame, and were ignored.</summary>
    public long MissedTriggers { get; private set; }

    public string State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The input the stage's PSO output is wired to.</summary>
    public void OnPulse(PsoPulse pulse)
    {
        lock (_gate)
        {
            if (_state != SimplonStates.Ready || !SimplonTriggerModes.IsExternal(_settings.TriggerMode) || _triggersTaken >= _settings.Triggers)
            {
                return;
            }

            if (pulse.Timestamp < _busyUntil)
            {
                // Still exposing (or reading out, without overlap): a real detector ignores the trigger.
                MissedTriggers++;
                return;
            }

            _triggersTaken++;
            double exposureS = _settings.TriggerMode == SimplonTriggerModes.ExternalEnable ? pulse.OnTimeS : _settings.CountTimeS;
            double periodS = _profile.TriggeredFramePeriodS(exposureS) - _profile.FrameMarginS;
            var frames = new List<(long Id, long Start, DetectorSample Sample, long Seed)>();
            for (long i = 0; i < _settings.Images; i++)
            {
                long start = pulse.Timestamp + Ticks(i * periodS);
                frames.Add((_imageId++, start, SampleOver(start, exposureS), ++_frameSeed));
            }

            _busyUntil = pulse.Timestamp + Ticks(_settings.Images * periodS);

            long series = _seriesId;
            long arm = _armTimestamp;
            int binning = _settings.Binning;
            double readoutS = _profile.ReadoutS;
            // Rendered off the stage's timer thread, published in trigger order once each image is read out.
            _externalChain = _externalChain.ContinueWith(
                async _ =>
                {
                    foreach ((long id, long start, DetectorSample sample, long seed) in frames)
                    {
                        ushort[] pixels = Render(sample, exposureS, binning, seed);
                        await _time.DelayUntilAsync(start, TimeSpan.FromSeconds(exposureS + readoutS), CancellationToken.None).ConfigureAwait(false);
                        Publish(series, id, arm, start, exposureS, pixels, binning);
                    }
                },
                TaskScheduler.Default).Unwrap();
        }
    }

    public SimplonResult GetConfig(string key)
    {
        lock (_gate)
        {
            return _settings.Get(key);
        }
    }

    /// <summary>Sets a configuration key (<see cref="SimplonDetectorSettings.Set"/>), refused while a series is armed.</summary>
    public SimplonResult SetConfig(string key, object? value)
    {
        lock (_gate)
        {
            return _state is SimplonStates.Ready or SimplonStates.Acquire
                ? new SimplonResult(409, $"cannot change '{key}' while the detector is {_state}; disarm first")
                : _settings.Set(key, value);
        }
    }

    public SimplonResult Handle(Func<SimplonResult> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Faults.TakeRequestFailure() is { } status ? new SimplonResult(status, $"injected fault: HTTP {status}") : call();
    }

    public async Task<SimplonResult> CommandAsync(string command, double? value, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case SimplonApi.Initialize:
                return Transition(() =>
                {
                    StopSeries();
                    _state = SimplonStates.Idle;
                    return SimplonResult.Ok();
                });
            case SimplonApi.Arm:
                return Transition(Arm);
            case SimplonApi.Trigger:
                return await TriggerAsync(value, cancellationToken).ConfigureAwait(false);
            case SimplonApi.Disarm or SimplonApi.Cancel or SimplonApi.Abort:
                return Transition(() => EndSeries(command));
            default:
                return new SimplonResult(404, $"unknown command '{command}'");
        }
    }

    private SimplonResult Transition(Func<SimplonResult> change)
    {
        lock (_gate)
        {
            return change();
        }
    }

    private SimplonResult Arm()
    {
        if (_state is SimplonStates.NotInitialized or SimplonStates.Error)
        {
            return SimplonResult.BadRequest($"cannot arm in state '{_state}'; initialize first");
        }

        if (_state is SimplonStates.Ready or SimplonStates.Acquire)
        {
            return SimplonResult.BadRequest("the detector is already armed");
        }

        _seriesId++;
        _series = new CancellationTokenSource();
        _armTimestamp = _time.GetTimestamp();
        _triggersTaken = 0;
        _imageId = 0;
        _busyUntil = 0;
        _state = SimplonStates.Ready;
        _send(DetectorStreamCodec.Encode(new DetectorStreamStart(_seriesId, _profile.Rows / _settings.Binning, _profile.Columns / _settings.Binning, _settings.CountTimeS, _settings.FrameTimeS, _settings.Images, _settings.Triggers, _settings.TriggerMode)));
        return SimplonResult.Ok(new Dictionary<string, long> { [SimplonApi.SequenceId] = _seriesId });
    }

    private SimplonResult EndSeries(string command)
    {
        if (_state is SimplonStates.NotInitialized)
        {
            return SimplonResult.BadRequest("the detector is not initialized");
        }

        bool wasArmed = _state is SimplonStates.Ready or SimplonStates.Acquire;
        StopSeries();
        _state = SimplonStates.Idle;
        if (wasArmed)
        {
            long series = _seriesId;
            _externalChain = _externalChain.ContinueWith(_ => _send(DetectorStreamCodec.Encode(new DetectorStreamEnd(series))), TaskScheduler.Default);
        }

        return command == SimplonApi.Disarm || wasArmed ? SimplonResult.Ok(new Dictionary<string, long> { [SimplonApi.SequenceId] = _seriesId }) : SimplonResult.Ok();
    }

    private void StopSeries()
    {
        _series.Cancel();
    }

    private async Task<SimplonResult> TriggerAsync(double? countTimeS, CancellationToken cancellationToken)
    {
        long series;
        long arm;
        double exposureS;
        long images;
        int binning;
        CancellationToken seriesToken;
        lock (_gate)
        {
            if (_state != SimplonStates.Ready)
            {
                return SimplonResult.BadRequest(_state == SimplonStates.Acquire ? "a trigger is already running" : $"cannot trigger in state '{_state}'; arm first");
            }

            if (SimplonTriggerModes.IsExternal(_settings.TriggerMode))
            {
                return SimplonResult.BadRequest($"trigger mode '{_settings.TriggerMode}' takes hardware triggers, not the trigger command");
            }

            if (_triggersTaken >= _settings.Triggers)
            {
                return SimplonResult.BadRequest($"all {_settings.Triggers} triggers of the series were taken");
            }

            exposureS = _settings.CountTimeS;
            if (_settings.TriggerMode == SimplonTriggerModes.InternalEnable)
            {
                if (countTimeS is not { } t || t < _profile.MinExposureS || t > _profile.MaxExposureS)
                {
                    return SimplonResult.BadRequest($"trigger mode 'inte' needs the exposure as the value, {_profile.MinExposureS} to {_profile.MaxExposureS} s");
                }

                exposureS = t;
            }

            _triggersTaken++;
            _state = SimplonStates.Acquire;
            series = _seriesId;
            arm = _armTimestamp;
            images = _settings.Images;
            binning = _settings.Binning;
            seriesToken = _series.Token;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, seriesToken);
        try
        {
            for (long i = 0; i < images; i++)
            {
                long start = _time.GetTimestamp();
                long id;
                long seed;
                lock (_gate)
                {
                    id = _imageId++;
                    seed = ++_frameSeed;
                }

                DetectorSample sample = SampleOver(start, exposureS);
                Task<ushort[]> render = Task.Run(() => Render(sample, exposureS, binning, seed), CancellationToken.None);
                await _time.DelayAsync(TimeSpan.FromSeconds(exposureS + _profile.ReadoutS), linked.Token).ConfigureAwait(false);
                Publish(series, id, arm, start, exposureS, await render.ConfigureAwait(false), binning);
            }
        }
        catch (OperationCanceledException)
        {
            return new SimplonResult(409, "the series was cancelled during the trigger");
        }
        finally
        {
            lock (_gate)
            {
                if (_state == SimplonStates.Acquire)
                {
                    _state = SimplonStates.Ready;
                }
            }
        }

        return SimplonResult.Ok();
    }

    private ushort[] Render(DetectorSample sample, double exposureS, int binning, long seed) =>
        _renderer.Render(new FrameConditions(sample.AngleDeg, sample.ShiftXMm, sample.ShiftZMm, sample.BeamOpen ? _photonsPerPixelPerS * exposureS : 0, binning, seed, exposureS, sample.ArcDeg, sample.MagnificationScale, sample.EnergyEv, sample.FoilLineIntegral, sample.FocusToSampleMm, sample.DetectorShiftMm, sample.CentringXMm, sample.CentringYMm));

    /// <summary>The scene at mid-exposure, with the arc the stage turns from the start to the end of the exposure.</summary>
    private DetectorSample SampleOver(long start, double exposureS)
    {
        double arcDeg = _sample(start + Ticks(exposureS)).AngleDeg - _sample(start).AngleDeg;
        return _sample(start + Ticks(exposureS / 2)) with { ArcDeg = arcDeg };
    }

    private void Publish(long series, long id, long arm, long start, double exposureS, ushort[] pixels, int binning)
    {
        if (!Faults.TakeImage())
        {
            return;
        }

        lock (_gate)
        {
            _lag?.Apply(pixels);
        }

        long startNs = (long)(_time.GetElapsedTime(arm, start).TotalSeconds * 1e9);
        long stopNs = startNs + (long)(exposureS * 1e9);
        var image = new DetectorStreamImage(series, id, startNs, stopNs, _profile.Rows / binning, _profile.Columns / binning, MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray());
        _send(DetectorStreamCodec.Encode(image));
    }

    private long Ticks(double seconds) => (long)(seconds * _time.TimestampFrequency);
}
