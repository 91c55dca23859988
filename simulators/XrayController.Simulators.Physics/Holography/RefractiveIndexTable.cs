using System.Globalization;

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

        int i = Array.BinarySearch(_energiesEv, energyEv);
        if (i >= 0)
        {
            return new RefractiveIndex(columns.Delta[i], columns.Beta[i]);
        }

        int upper = ~i;
        double f = (energyEv - _energiesEv[upper - 1]) / (_energiesEv[upper] - _energiesEv[upper - 1]);
        return new RefractiveIndex(Lerp(columns.Delta, upper, f), Lerp(columns.Beta, upper, f));
    }

    private static double Lerp(double[] values, int upper, double f) => values[upper - 1] + (f * (values[upper] - values[upper - 1]));

    private static RefractiveIndexTable Load()
    {
        using Stream stream = typeof(RefractiveIndexTable).Assembly.GetManifestResourceStream("refractive-indices.csv")
            ?? throw new InvalidOperationException("the refractive-index table is not embedded");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        string[] header = (reader.ReadLine() ?? string.Empty).Split(',');
        var rows = new List<double[]>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            rows.Add([.. line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))]);
        }

        var materials = new Dictionary<string, (double[] Delta, double[] Beta)>(StringComparer.Ordinal);
        for (int column = 1; column + 1 < header.Length; column += 2)
        {
            string name = header[column][..header[column].LastIndexOf('_')];
            int delta = column;
            materials[name] = ([.. rows.Select(r => r[delta])], [.. rows.Select(r => r[delta + 1])]);
        }

        return new RefractiveIndexTable([.. rows.Select(r => r[0])], materials);
    }
}
