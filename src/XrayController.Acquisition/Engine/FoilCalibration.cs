using XrayController.Core.Devices;
using XrayController.Core.Optics;
using XrayController.Core.Steps;

namespace XrayController.Acquisition.Engine;

/// <summary>The energy calibration: exposures through the reference foil, kept here as mean signals, then the shift.</summary>
internal sealed partial class StepExecutor
{
    private readonly List<(double EnergyEv, double Signal)> _calibrationSignals = [];
    private double _calibrationDark;

    /// <summary>The calibration made so far in this scan; every later energy is commanded shifted by it.</summary>
    public EnergyCalibration? Calibration { get; private set; }

    /// <summary>One frame through the foil (or a dark one): its mean over the middle half of the detector, where the beam is most even.</summary>
    private async Task CalibrationExposureAsync(CalibrationExposureStep exposure, CancellationToken cancellationToken)
    {
        await ExposureShutterAsync(true, cancellationToken).ConfigureAwait(false);
        await instrument.Detector.TriggerAsync(cancellationToken).ConfigureAwait(false);
        await ExposureShutterAsync(false, cancellationToken).ConfigureAwait(false);
        DetectorFrame image = await instrument.Detector.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
        double mean = CentralMean(image);
        if (exposure.Dark)
        {
            _calibrationDark = mean;
        }
        else
        {
            _calibrationSignals.Add((exposure.EnergyEv, mean));
        }
    }

    private void ApplyCalibration(ApplyEnergyCalibrationStep apply) =>
        Calibration = EnergyCalibration.Compute([.. _calibrationSignals.Select(s => s.EnergyEv)], [.. _calibrationSignals.Select(s => s.Signal)], _calibrationDark, apply.ReferenceEdgeEv);

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
