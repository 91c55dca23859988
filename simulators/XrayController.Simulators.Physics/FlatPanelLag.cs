namespace XrayController.Simulators.Physics;

/// <summary>
/// Image lag of an amorphous-silicon flat panel: charge trapped during one frame is released in the next, so a share of
/// each frame's signal (above the dark offset, lag included) shows again in the following frame, so a bright frame
/// fades over the next ones geometrically.
/// </summary>
public sealed class FlatPanelLag(double fraction, double darkOffset, int maxCount)
{
    private double[]? _previousSignal;

    /// <summary>Adds the lag of the earlier frames to <paramref name="counts"/> in place and remembers the frame's signal.</summary>
    public void Apply(ushort[] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (_previousSignal is { } previous && previous.Length == counts.Length)
        {
            for (int i = 0; i < counts.Length; i++)
            {
                counts[i] = (ushort)Math.Clamp(Math.Round(counts[i] + (fraction * previous[i])), 0, maxCount);
            }
        }

        double[] signal = new double[counts.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            signal[i] = Math.Max(0, counts[i] - darkOffset);
        }

        _previousSignal = signal;
    }
}
