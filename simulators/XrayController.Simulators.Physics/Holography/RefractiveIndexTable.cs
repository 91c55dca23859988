namespace XrayController.Simulators.Physics.Holography;

/// <summary>The complex refractive index n = 1 − δ + iβ of a material at one photon energy.</summary>
public readonly record struct RefractiveIndex(double Delta, double Beta)
{
    public double DeltaOverBeta => Delta / Beta;
}

/// <summary>
/// δ and β of the holotomography phantom's materials (NMC532, the carbon/binder matrix, aluminium) over 16–34 keV, from
/// the committed table <c>refractive-indices.csv</c> made from xraylib by <c>make_refractive_indices.py</c> beside it
/// (which states the compositions and densities), interpolated linearly in energy; energies outside it are refused.
/// </summary>
public sealed class RefractiveIndexTable
{
    private readonly double[] _energiesEv;
    private readonly Dictionary<string, (double[] Delta, double[] Beta)> _materials;

    private RefractiveIndexTable(double[] energiesEv, Dictionary<string, (double[] Delta, double[] Beta)> materials)
    {
        _energiesEv = energiesEv;
        _materials = materials;
    }

    public static RefractiveIndexTable Shared { get; } = Load();

    public IReadOnlyCollection<string> Materials => _materials.Keys;

    public double MinEnergyEv => _energiesEv[0];

    public double MaxEnergyEv => _energiesEv[^1];

    public RefractiveIndex Of(string material, double energyEv)
    {
        if (!_materials.TryGetValue(material, out (double[] Delta, double[] Beta) columns))
        {
            throw new ArgumentException($"no refractive index for '{material}'; the table has {string.Join(", ", _materials.Keys)}", nameof(material));
        }

        if (!(energyEv >= _energiesEv[0] && energyEv <= _energiesEv[^1]))
        {
            throw new ArgumentOutOfRangeException(nameof(energyEv), energyEv, $"the refractive-index table covers {_energiesEv[0]}–{_energiesEv[^1]} eV");
        }

        return new RefractiveIndex(EmbeddedTable.Interpolate(_energiesEv, columns.Delta, energyEv), EmbeddedTable.Interpolate(_energiesEv, columns.Beta, energyEv));
    }

    private static RefractiveIndexTable Load()
    {
        var table = EmbeddedTable.Load("refractive-indices.csv", "refractive-index table");
        var materials = new Dictionary<string, (double[] Delta, double[] Beta)>(StringComparer.Ordinal);
        for (int column = 1; column + 1 < table.Header.Length; column += 2)
        {
            string name = table.Header[column][..table.Header[column].LastIndexOf('_')];
            materials[name] = (table.Column(column), table.Column(column + 1));
        }

        return new RefractiveIndexTable(table.Column(0), materials);
    }
}
