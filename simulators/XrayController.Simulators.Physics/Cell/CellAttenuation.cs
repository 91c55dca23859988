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

        return EmbeddedTable.Interpolate(_energiesKev, _columns[material], energyKev);
    }

    private static CellAttenuation Load()
    {
        var table = EmbeddedTable.Load("cell-attenuation.csv", "cell attenuation table");
        var columns = new Dictionary<CellMaterial, double[]>();
        for (int column = 1; column < table.Header.Length; column++)
        {
            columns[Enum.Parse<CellMaterial>(table.Header[column], ignoreCase: true)] = table.Column(column);
        }

        return new CellAttenuation(table.Column(0), columns);
    }
}
