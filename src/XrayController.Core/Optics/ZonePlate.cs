namespace XrayController.Core.Optics;

/// <summary>
/// A Fresnel zone-plate objective imaging the sample onto a detector at a fixed distance: focal length f = D·Δr / λ
/// (D diameter, Δr outermost zone width), so f grows in proportion to the energy. To stay in focus the zone plate moves
/// along the beam so that 1/p + 1/q = 1/f with p + q = L (sample to detector): p = (L − √(L² − 4fL)) / 2, and the X-ray
/// magnification q/p changes with energy, by about −ΔE/E (PROTOCOLS.md, "Monochromator physics"). A measured focus
/// table, when the profile has one, replaces the formula: the in-focus distance is interpolated linearly between its
/// points (and is NaN outside them).
/// </summary>
/// <param name="Axis">The linear axis that carries the zone plate; its position is the sample-to-zone-plate distance p, in mm.</param>
public sealed record ZonePlate(string Axis, double DiameterUm, double OutermostZoneNm, double SampleToDetectorMm)
{
    public double FocalLengthMm(double energyEv) =>
        DiameterUm * 1e-3 * OutermostZoneNm * 1e-6 / (BraggMonochromator.WavelengthAngstrom(energyEv) * 1e-7);

    /// <summary>Measured in-focus distances (sample to zone plate, mm) at rising energies, or null to use the formula.</summary>
    public IReadOnlyList<(double EnergyEv, double SampleDistanceMm)>? FocusTable { get; init; }

    /// <summary>Where the zone plate must stand (sample to zone plate, mm) to focus at <paramref name="energyEv"/>; NaN when no focus exists (4f &gt; L, or outside the focus table).</summary>
    public double SampleDistanceMm(double energyEv)
    {
        if (FocusTable is { Count: > 0 } table)
        {
            return Interpolate(table, energyEv);
        }

        double f = FocalLengthMm(energyEv);
        double length = SampleToDetectorMm;
        double discriminant = (length * length) - (4 * f * length);
        return discriminant >= 0 ? (length - Math.Sqrt(discriminant)) / 2 : double.NaN;
    }

    private static double Interpolate(IReadOnlyList<(double EnergyEv, double SampleDistanceMm)> table, double energyEv)
    {
        for (int i = 1; i < table.Count; i++)
        {
            if (energyEv >= table[i - 1].EnergyEv && energyEv <= table[i].EnergyEv)
            {
                double f = (energyEv - table[i - 1].EnergyEv) / (table[i].EnergyEv - table[i - 1].EnergyEv);
                return table[i - 1].SampleDistanceMm + (f * (table[i].SampleDistanceMm - table[i - 1].SampleDistanceMm));
            }
        }

        return table.Count == 1 && energyEv == table[0].EnergyEv ? table[0].SampleDistanceMm : double.NaN;
    }

    /// <summary>The zone plate's magnification q/p when focused at <paramref name="energyEv"/>.</summary>
    public double Magnification(double energyEv)
    {
        double p = SampleDistanceMm(energyEv);
        return (SampleToDetectorMm - p) / p;
    }
}
