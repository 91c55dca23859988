using XrayController.Core.Devices;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// The stage's encoder read back as fast as the link allows while a fly sweep runs, each reading stamped with the middle
/// of its round trip on the scan's clock. A frame's read-back angle is the trace interpolated at the middle of its
/// exposure: the error is the speed times the timing uncertainty (half a round trip, and the detector's clock offset).
/// </summary>
internal sealed class EncoderTrace
{
    private readonly List<(double TimeS, double AngleDeg)> _samples = [];
    private readonly Lock _gate = new();

    /// <summary>At most this many readings per second (real time), whatever the link could do.</summary>
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Reads the encoder until <paramref name="until"/> completes or a read fails (the sweep's own error then ends the
    /// scan); <paramref name="nowS"/> is the scan's clock in seconds.
    /// </summary>
    public async Task RecordAsync(IRotationStage stage, Func<double> nowS, Task until, CancellationToken cancellationToken)
    {
        while (!until.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            Task pace = Task.Delay(MinimumInterval, CancellationToken.None);
            double before = nowS();
            double angle;
            try
            {
                angle = await stage.GetPositionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return;
            }

            double after = nowS();
            lock (_gate)
            {
                _samples.Add(((before + after) / 2, angle));
            }

            await pace.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The angle at <paramref name="timeS"/>, once the trace has passed that time (or the recording ended), linearly
    /// interpolated; NaN outside the trace.
    /// </summary>
    public async Task<double> AngleAtAsync(double timeS, Task recordingUntil)
    {
        while (!recordingUntil.IsCompleted && LastTimeS() < timeS)
        {
            await Task.Delay(MinimumInterval, CancellationToken.None).ConfigureAwait(false);
        }

        return AngleAt(timeS);
    }

    private double LastTimeS()
    {
        lock (_gate)
        {
            return _samples.Count == 0 ? double.NegativeInfinity : _samples[^1].TimeS;
        }
    }

    private double AngleAt(double timeS)
    {
        lock (_gate)
        {
            int upper = FirstAtOrAfter(timeS);
            if (upper == _samples.Count || upper == 0)
            {
                return upper == 0 && _samples.Count > 0 && _samples[0].TimeS == timeS ? _samples[0].AngleDeg : double.NaN;
            }

            (double t0, double a0) = _samples[upper - 1];
            (double t1, double a1) = _samples[upper];
            return t1 > t0 ? a0 + ((a1 - a0) * (timeS - t0) / (t1 - t0)) : a1;
        }
    }

    /// <summary>The index of the first sample at or after <paramref name="timeS"/> (samples are in time order), or the count.</summary>
    private int FirstAtOrAfter(double timeS)
    {
        int low = 0;
        int high = _samples.Count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_samples[middle].TimeS < timeS)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
