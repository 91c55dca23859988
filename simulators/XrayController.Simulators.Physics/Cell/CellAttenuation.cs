using System.Globalization;

namespace XrayController.Simulators.Physics.Cell;

/// <summary>The materials of a cylindrical cell's jelly roll, its can and what fills the gaps.</summary>
public enum CellMaterial
{
    Gas,
    Electrolyte,
    Steel,
    Cathode,
    Aluminium,
    Anode,
    Copper,
    Separator,
}

/// <summary>
/// Linear attenuation coefficients (1/mm) of the cell's materials over 30–120 keV, from the committed table
/// <c>cell-attenuation.csv</c> made from xraylib by <c>make_cell_attenuation.py</c> beside it (which states the
/// compositions and densities), interpolated linearly in energy; gas attenuates nothing.
/// </summary>
public sealed class CellAttenuation
{
    private readonly double[] _energiesKev;
    private readonly Dictionary<CellMaterial, double[]> _columns;

    private CellAttenuation(double[] energiesKev, Dictionary<CellMaterial, double[]> columns)
    {
        _energiesKev = energiesKev;
        _columns = columns;
    }

    public static CellAttenuation Shared { get; } = Load();

    public double MinEnergyKev => _energiesKev[0];

    public double MaxEnergyKev => _energiesKev[^1];

    public double PerMm(CellMaterial material, double energyKev)
    {
        if (material == CellMaterial.Gas)
        {
            return 0;
        }

        if (!(energyKev >= _energiesKev[0] && energyKev <= _energiesKev[^1]))
        {
            throw new ArgumentOutOfRangeException(nameof(energyKev), energyKev, $"the cell attenuation table covers {_energiesKev[0]}–{_energiesKev[^1]} keV");
        }

        double[] values = _columns[material];
        int upper = Math.Clamp(Array.BinarySearch(_energiesKev, energyKev) is var i && i >= 0 ? i + 1 : ~i, 1, _energiesKev.Length - 1);
        double f = (energyKev - _energiesKev[upper - 1]) / (_energiesKev[upper] - _energiesKev[upper - 1]);
        return values[upper - 1] + (f * (values[upper] - values[upper - 1]));
    }

    private static CellAttenuation Load()
    {
        using Stream stream = typeof(CellAttenuation).Assembly.GetManifestResourceStream("cell-attenuation.csv")
            ?? throw new InvalidOperationException("the cell attenuation table is not embedded");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        string[] header = (reader.ReadLine() ?? string.Empty).Split(',');
        var rows = new List<double[]>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            rows.Add([.. line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))]);
        }

        var columns = new Dictionary<CellMaterial, double[]>();
        for (int column = 1; column < header.Length; column++)
        {
            var material = Enum.Parse<CellMaterial>(header[column], ignoreCase: true);
            int index = column;
            columns[material] = [.. rows.Select(r => r[index])];
        }

        return new CellAttenuation([.. rows.Select(r => r[0])], columns);
    }
}
