using System.Globalization;

namespace XrayController.Simulators.Physics.Spectral;

/// <summary>
/// Mass attenuation coefficients around the Ni K edge (cm²/g), from the committed table <c>ni-kedge-cross-sections.csv</c>
/// made from xraylib by <c>make_ni_kedge_table.py</c> beside it (its header names the columns and their derivation),
/// interpolated linearly in energy. Energies outside the table are refused.
/// </summary>
public sealed class NiKEdgeTable
{
    private readonly double[] _energiesEv;
    private readonly double[] _nmcSmooth;
    private readonly double[] _niSmooth;
    private readonly double[] _niKShell;

    private NiKEdgeTable(double[] energiesEv, double[] nmcSmooth, double[] niSmooth, double[] niKShell, double niFraction)
    {
        _energiesEv = energiesEv;
        _nmcSmooth = nmcSmooth;
        _niSmooth = niSmooth;
        _niKShell = niKShell;
        NiMassFractionOfNmc = niFraction;
    }

    public static NiKEdgeTable Shared { get; } = Load();

    /// <summary>Ni's mass fraction in LiNi0.5Mn0.3Co0.2O2, from the table's header.</summary>
    public double NiMassFractionOfNmc { get; }

    public double MinEnergyEv => _energiesEv[0];

    public double MaxEnergyEv => _energiesEv[^1];

    /// <summary>NMC532 without its Ni K edge, per gram of compound.</summary>
    public double NmcSmooth(double energyEv) => Interpolate(_nmcSmooth, energyEv);

    /// <summary>Ni without its K edge, per gram of Ni.</summary>
    public double NiSmooth(double energyEv) => Interpolate(_niSmooth, energyEv);

    /// <summary>The K edge's share per gram of Ni, continued smoothly below the edge.</summary>
    public double NiKShell(double energyEv) => Interpolate(_niKShell, energyEv);

    private double Interpolate(double[] values, double energyEv)
    {
        if (!(energyEv >= _energiesEv[0] && energyEv <= _energiesEv[^1]))
        {
            throw new ArgumentOutOfRangeException(nameof(energyEv), energyEv, $"the Ni K-edge table covers {_energiesEv[0]}–{_energiesEv[^1]} eV");
        }

        return EmbeddedTable.Interpolate(_energiesEv, values, energyEv);
    }

    private static NiKEdgeTable Load()
    {
        var table = EmbeddedTable.Load("ni-kedge-cross-sections.csv", "Ni K-edge table");
        double niFraction = double.Parse(table.Comment[(table.Comment.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        return new NiKEdgeTable(table.Column(0), table.Column(1), table.Column(2), table.Column(3), niFraction);
    }
}
