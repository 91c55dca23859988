namespace XrayController.Core.Plans;

/// <summary>One stretch of an energy scan, stop included when whole steps reach it (the rule of <see cref="AngleGrid"/>).</summary>
public sealed record EnergyRegion(double FromEv, double ToEv, double StepEv)
{
    public IReadOnlyList<double> EnergiesEv()
    {
        int count = AngleGrid.CountFromStep(FromEv, ToEv, StepEv, out _);
        var energies = new double[count];
        for (int i = 0; i < count; i++)
        {
            energies[i] = FromEv + (i * StepEv);
        }

        return energies;
    }
}

/// <summary>
/// The beam energy of a plan: either fixed (the monochromator is set once) or a scan over regions
/// (spectro-tomography), in which case energy is a scan axis that takes part in the plan's <c>order</c>.
/// </summary>
public sealed record EnergyAxis(double? FixedEv, IReadOnlyList<EnergyRegion> Regions)
{
    /// <summary>
    /// An energy calibration before the scan (<c>energy.calibrate</c>): the profile's reference foil is scanned over
    /// these energies and the energy scale shifted so that its edge sits at the foil's tabulated energy; null for none.
    /// </summary>
    public EnergyRegion? Calibration { get; init; }

    public bool IsScan => Regions.Count > 0;

    public IReadOnlyList<double> EnergiesEv() =>
        IsScan ? [.. Regions.SelectMany(r => r.EnergiesEv())] : FixedEv is { } fixedEv ? [fixedEv] : [];
}
