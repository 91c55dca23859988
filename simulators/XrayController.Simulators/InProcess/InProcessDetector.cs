using System.Threading.Channels;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Simulators.Physics;

namespace XrayController.Simulators.InProcess;

/// <summary>
/// An area detector rendering what the sample looks like at each exposure. A software trigger exposes for the set time,
/// reads out and transfers (exposure + readout + the profile's per-frame overhead, as the dry run charges); external
/// triggers come from the rotation stage's position-synchronised output during fly sweeps. Rendering runs alongside the
/// modelled exposure so that it costs no simulated time.
/// </summary>
internal sealed class InProcessDetector(
    DetectorProfile profile,
    double perFrameOverheadS,
    double photonsPerPixelPerS,
    IFrameRenderer renderer,
    TimeProvider time,
    Func<SampleState> sample) : IDetector
{
    private readonly Lock _gate = new();
    private Channel<DetectorFrame> _frames = Channel.CreateUnbounded<DetectorFrame>();
    private DetectorConfiguration _configuration = new(profile.MinExposureS, 1, TriggerMode.InternalSeries, 1, 1);
    private Task _externalChain = Task.CompletedTask;
    private bool _armed;
    private long _imageNumber;
    private long _frameSeed;
    private long _armGeneration;

    public double ExposureS => _configuration.ExposureS;

    public Task ConfigureAsync(DetectorConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.ExposureS < profile.MinExposureS || configuration.ExposureS > profile.MaxExposureS)
        {
            throw new ArgumentOutOfRangeException(nameof(configuration), configuration.ExposureS, $"exposure must be {profile.MinExposureS} to {profile.MaxExposureS} s");
        }

        if (!profile.Binnings.Contains(configuration.Binning))
        {
            throw new ArgumentOutOfRangeException(nameof(configuration), configuration.Binning, $"binning must be one of {string.Join(", ", profile.Binnings)}");
        }

        lock (_gate)
        {
            _configuration = configuration;
        }

        return time.DelayAsync(TimeSpan.FromSeconds(CommandCounts.DetectorSetup * profile.CommandS), cancellationToken);
    }

    public Task ArmAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _frames = Channel.CreateUnbounded<DetectorFrame>(new UnboundedChannelOptions { SingleReader = true });
            _imageNumber = 0;
            _armed = true;
            _armGeneration++;
        }

        return Task.CompletedTask;
    }

    public async Task TriggerAsync(CancellationToken cancellationToken)
    {
        (DetectorConfiguration configuration, long generation) = RequireArmed(external: false);
        SampleState state = sample();
        DateTimeOffset start = time.GetUtcNow();
        long seed = Interlocked.Increment(ref _frameSeed);
        Task<ushort[]> render = Task.Run(() => Render(state, configuration, seed), cancellationToken);
        double commandS = CommandCounts.SoftwareTrigger * profile.CommandS;
        await time.DelayAsync(TimeSpan.FromSeconds(commandS + configuration.ExposureS + profile.ReadoutS + perFrameOverheadS), cancellationToken).ConfigureAwait(false);
        Publish(await render.ConfigureAwait(false), configuration, start, generation);
    }

    /// <summary>A pulse from the stage's position-synchronised output; the frame is rendered at <paramref name="angleDeg"/> (mid-exposure).</summary>
    public void ExternalTrigger(double angleDeg)
    {
        (DetectorConfiguration configuration, long generation) = RequireArmed(external: true);
        SampleState state = sample() with { AngleDeg = angleDeg };
        DateTimeOffset start = time.GetUtcNow();
        long seed = Interlocked.Increment(ref _frameSeed);
        lock (_gate)
        {
            // Frames are rendered off the stage's timing loop but published in trigger order; a frame that cannot be
            // rendered ends the series with that error, so the reader is not left waiting for it.
            _externalChain = _externalChain.ContinueWith(
                _ =>
                {
                    try
                    {
                        Publish(Render(state, configuration, seed), configuration, start, generation);
                    }
                    catch (Exception e)
                    {
                        _frames.Writer.TryComplete(e);
                    }
                },
                TaskScheduler.Default);
        }
    }

    public Task DisarmAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _armed = false;
            _armGeneration++;
        }

        return Task.CompletedTask;
    }

    public async Task<DetectorFrame> ReadFrameAsync(CancellationToken cancellationToken)
    {
        Channel<DetectorFrame> frames;
        lock (_gate)
        {
            frames = _frames;
        }

        return await frames.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    private (DetectorConfiguration Configuration, long Generation) RequireArmed(bool external)
    {
        lock (_gate)
        {
            bool externalMode = _configuration.Trigger is TriggerMode.ExternalSeries or TriggerMode.ExternalEnable;
            if (!_armed || externalMode != external)
            {
                throw new InvalidOperationException(_armed
                    ? $"the detector is armed for {_configuration.Trigger} triggers, not {(external ? "external" : "software")} ones"
                    : "the detector is not armed");
            }

            return (_configuration, _armGeneration);
        }
    }

    private ushort[] Render(SampleState state, DetectorConfiguration configuration, long seed)
    {
        double photons = state.BeamOpen ? photonsPerPixelPerS * configuration.ExposureS : 0;
        return renderer.Render(new FrameConditions(state.AngleDeg, state.ShiftXMm, state.ShiftZMm, photons, configuration.Binning, seed, configuration.ExposureS, EnergyEv: state.EnergyEv, UpstreamLineIntegral: state.FoilLineIntegral, FocusToSampleMm: state.FocusToSampleMm, DetectorShiftMm: state.DetectorShiftMm, CentringXMm: state.CentringXMm, CentringYMm: state.CentringYMm));
    }

    /// <summary>Hands a frame to the reader, unless the detector was disarmed since its trigger: a disarm discards frames in flight.</summary>
    private void Publish(ushort[] pixels, DetectorConfiguration configuration, DateTimeOffset exposureStart, long generation)
    {
        lock (_gate)
        {
            if (generation != _armGeneration)
            {
                return;
            }

            var frame = new DetectorFrame(_imageNumber++, profile.Rows / configuration.Binning, profile.Columns / configuration.Binning, pixels, exposureStart);
            _frames.Writer.TryWrite(frame);
        }
    }
}
