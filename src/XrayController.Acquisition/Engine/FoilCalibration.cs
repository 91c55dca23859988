using XrayController.Core.Devices;
using XrayController.Core.Optics;
using XrayController.Core.Steps;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// The energy calibration of a scan: the exposures through the reference foil, kept as their mean signal over the
/// middle half of the detector (where the beam is most even), a dark one, and the shift they give once applied.
/// </summary>
internal sealed class FoilCalibration
{
    private readonly List<(double EnergyEv, double Signal)> _signals = [];

    /// <summary>The calibration made so far in this scan; every later energy is commanded shifted by it.</summary>
    public EnergyCalibration? Result { get; private set; }

    /// <summary>Exposures through the foil recorded so far.</summary>
    public int Signals => _signals.Count;

    public double DarkSignal { get; private set; }

    public void Record(CalibrationExposureStep exposure, DetectorFrame image)
    {
        double mean = CentralMean(image);
        if (exposure.Dark)
        {
            DarkSignal = mean;
        }
        else
        {
            _signals.Add((exposure.EnergyEv, mean));
        }
    }

    public void Apply(ApplyEnergyCalibrationStep apply) =>
        Result = EnergyCalibration.Compute([.. _signals.Select(s => s.EnergyEv)], [.. _signals.Select(s => s.Signal)], DarkSignal, apply.ReferenceEdgeEv);

    /// <summary>Back to what a checkpoint had recorded (nothing at the start of the scan).</summary>
    public void Restore(ExecutorSnapshot? snapshot)
    {
        int kept = snapshot?.CalibrationSignals ?? 0;
        _signals.RemoveRange(kept, _signals.Count - kept);
        DarkSignal = snapshot?.CalibrationDark ?? 0;
        Result = snapshot?.Calibration;
    }

    private static double CentralMean(DetectorFrame image)
    {
        ReadOnlySpan<ushort> pixels = image.Pixels.Span;
        double sum = 0;
        int count = 0;
        for (int r = image.Rows / 4; r < image.Rows - (image.Rows / 4); r++)
        {
            for (int c = image.Columns / 4; c < image.Columns - (image.Columns / 4); c++)
            {
                sum += pixels[(r * image.Columns) + c];
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
