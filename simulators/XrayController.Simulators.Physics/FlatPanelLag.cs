namespace XrayController.Simulators.Physics;

/// <summary>
/// Image lag of an amorphous-silicon flat panel: charge trapped during one frame is released in the next, so a share of
/// each frame's signal (above the dark offset, lag included) shows again in the following frame, so a bright frame
/// fades over the next ones geometrically.
/// </summary>
public sealed class FlatPanelLag(double fraction, double darkOffset, int maxCount)
{
    private double[] _previousSignal = [];

    /// <summary>Adds the lag of the earlier frames to <paramref name="counts"/> in place and remembers the frame's signal.</summary>
    public void Apply(ushort[] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (_previousSignal.Length != counts.Length)
        {
            _previousSignal = new double[counts.Length];
        }

        for (int i = 0; i < counts.Length; i++)
        {
            double lagged = Math.Clamp(Math.Round(counts[i] + (fraction * _previousSignal[i])), 0, maxCount);
            counts[i] = (ushort)lagged;
            _previousSignal[i] = Math.Max(0, lagged - darkOffset);
        }
    }
}
