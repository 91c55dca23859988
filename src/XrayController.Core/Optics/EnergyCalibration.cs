namespace XrayController.Core.Optics;

/// <summary>
/// An energy calibration on a reference foil: the mean detector signal through the foil at each nominal energy, the
/// dark level, and where the foil's edge fell on the nominal scale (the maximum of the derivative of
/// μt = −ln(signal − dark); the beam's own slow change with energy does not move it). The monochromator's scale is then
/// off by <see cref="ShiftEv"/>: to put the beam at E, command E − shift.
/// </summary>
public sealed record EnergyCalibration(IReadOnlyList<double> EnergiesEv, IReadOnlyList<double> Signals, double DarkLevel, double MeasuredEdgeEv, double ReferenceEdgeEv)
{
    public double ShiftEv => ReferenceEdgeEv - MeasuredEdgeEv;

    public static EnergyCalibration Compute(IReadOnlyList<double> energiesEv, IReadOnlyList<double> signals, double darkLevel, double referenceEdgeEv)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Any(s => !(s > darkLevel)))
        {
            throw new InvalidOperationException($"energy calibration: the signal through the foil is not above the dark level ({darkLevel:0.#} counts) at every energy; is the beam on and the foil thin enough?");
        }

        double[] attenuation = [.. signals.Select(s => -Math.Log(s - darkLevel))];
        double edge = EdgeDerivative.Peak(energiesEv, attenuation);
        return new EnergyCalibration([.. energiesEv], [.. signals], darkLevel, edge, referenceEdgeEv);
    }
}
