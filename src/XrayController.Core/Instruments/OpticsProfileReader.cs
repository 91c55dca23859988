using XrayController.Core.Optics;
using XrayController.Core.Yaml;

namespace XrayController.Core.Instruments;

/// <summary>Reads the optics that travel with a monochromator: a zone-plate objective (with an optional focus table) and a reference foil for energy calibration.</summary>
internal static class OpticsProfileReader
{
    public static ZonePlate? ZonePlate(MappingReader? zonePlate)
    {
        if (zonePlate is null)
        {
            return null;
        }

        var result = new ZonePlate(
            zonePlate.String("axis", required: true) ?? "zone_plate",
            zonePlate.Positive("diameter_um", required: true) ?? 1,
            zonePlate.Positive("outermost_zone_nm", required: true) ?? 1,
            zonePlate.Positive("sample_to_detector_mm", required: true) ?? 1)
        {
            FocusTable = FocusTable(zonePlate.Mapping("focus_table")),
        };
        zonePlate.ReportUnknownKeys();
        return result;
    }

    /// <summary><c>focus_table: { energy_ev: [...], sample_distance_mm: [...] }</c>: as many distances as energies, energies rising, distances positive.</summary>
    private static (double EnergyEv, double SampleDistanceMm)[]? FocusTable(MappingReader? table)
    {
        if (table is null)
        {
            return null;
        }

        IReadOnlyList<double>? energies = table.Numbers("energy_ev", required: true);
        IReadOnlyList<double>? distances = table.Numbers("sample_distance_mm", required: true);
        table.ReportUnknownKeys();
        if (energies is null || distances is null)
        {
            return null;
        }

        if (energies.Count != distances.Count || energies.Count < 2)
        {
            table.Fail("sample_distance_mm", $"needs one distance per energy and at least two points; got {distances.Count} distances for {energies.Count} energies");
            return null;
        }

        for (int i = 0; i < energies.Count; i++)
        {
            if (i > 0 && energies[i] <= energies[i - 1])
            {
                table.Fail("energy_ev", $"energies must rise; [{i}] = {energies[i]} eV follows {energies[i - 1]} eV");
                return null;
            }

            if (!(distances[i] > 0))
            {
                table.Fail("sample_distance_mm", $"[{i}] = {distances[i]} mm: distances must be positive");
                return null;
            }
        }

        return [.. energies.Zip(distances)];
    }

    /// <summary><c>reference_foil: { axis, in_mm, out_mm, edge_ev, thickness_um }</c>: a Ni foil on a linear axis that can be put into the beam.</summary>
    public static ReferenceFoil? ReferenceFoil(MappingReader? foil)
    {
        if (foil is null)
        {
            return null;
        }

        var result = new ReferenceFoil(
            foil.String("axis", required: true) ?? "foil",
            foil.Number("in_mm", required: true) ?? 0,
            foil.Number("out_mm", required: true) ?? 0,
            foil.Positive("edge_ev", required: true) ?? 8333.0,
            foil.Positive("thickness_um", required: true) ?? 5);
        if (result.InMm == result.OutMm)
        {
            foil.Fail("out_mm", "must differ from in_mm: the foil must be able to leave the beam");
        }

        foil.ReportUnknownKeys();
        return result;
    }
}
