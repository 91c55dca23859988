namespace XrayController.Simulators.Physics.Cell;

/// <summary>
/// The layer thicknesses of a wound cell (µm): each turn of the roll, outward, is a cathode coat, the aluminium foil,
/// a second cathode coat, a separator, an anode coat, the copper foil, a second anode coat and a separator. The cathode
/// coats vary smoothly along the winding by ± <c>CoatVariationUm</c> (the outer separator takes up the difference), so
/// the electrode thickness has a profile to measure.
/// </summary>
public sealed record CellLayers(double CathodeCoatUm = 60, double CoatVariationUm = 4, double AluminiumUm = 15, double SeparatorUm = 20, double AnodeCoatUm = 65, double CopperUm = 10)
{
    /// <summary>One turn's radial advance (µm), with the coats at their nominal thickness.</summary>
    public double PitchUm => (2 * CathodeCoatUm) + AluminiumUm + (2 * SeparatorUm) + (2 * AnodeCoatUm) + CopperUm;
}

/// <summary>The copper foil of one turn pushed inward into its anode coat, over an arc of the winding, above a height.</summary>
public sealed record CopperDeflection(int Turn, double FromDeg, double ToDeg, double AboveZMm, double DepthUm);

/// <summary>A gap between the aluminium foil and the outer cathode coat of one turn, over an arc and a height range.</summary>
public sealed record Delamination(int Turn, double FromDeg, double ToDeg, double FromZMm, double ToZMm, double GapUm);

/// <summary>
/// What sets a cross-section of the cell apart from the others: whether the height is inside the cell, how far the
/// copper deflection has grown there (per cent of its depth, −1 where there is none) and whether the void is there.
/// Two heights in the same state have the same cross-section (to 1 % of the deflection).
/// </summary>
public readonly record struct SectionState(bool Inside, int DeflectionPercent, bool Void);

/// <summary>
/// A cylindrical cell in the sample frame (mm): a steel can (outer radius, wall), a hollow centre, and between them a
/// jelly roll wound as an Archimedean spiral from the mandrel, r = r₀ + pitch·φ/2π (φ the winding angle from the
/// start, at azimuth <c>StartDeg</c>), filled with electrolyte; a deflected copper foil near the top and a
/// delamination void. Materials attenuate at one effective photon energy (<see cref="CellAttenuation"/>).
/// </summary>
public sealed class JellyRoll
{
    /// <summary>The vertical distance (mm) over which the copper deflection grows from nothing to its depth.</summary>
    public const double DeflectionRiseMm = 0.05;

    private readonly double[] _attenuation;

    public JellyRoll(double canRadiusMm, double canWallMm, double mandrelRadiusMm, double halfHeightMm, CellLayers layers, double startDeg, double energyKev, CopperDeflection? deflection, Delamination? delamination)
    {
        ArgumentNullException.ThrowIfNull(layers);
        CanRadiusMm = canRadiusMm;
        CanWallMm = canWallMm;
        MandrelRadiusMm = mandrelRadiusMm;
        HalfHeightMm = halfHeightMm;
        Layers = layers;
        StartRad = startDeg * Math.PI / 180;
        EnergyKev = energyKev;
        Deflection = deflection;
        Delamination = delamination;
        PitchMm = layers.PitchUm / 1000;
        if (!(mandrelRadiusMm > 0 && canWallMm > 0 && canRadiusMm - canWallMm > mandrelRadiusMm + (2 * PitchMm) && halfHeightMm > 0))
        {
            throw new ArgumentException($"a cell of radius {canRadiusMm} mm with a {canWallMm} mm wall and a {mandrelRadiusMm} mm centre has no room for two turns of {layers.PitchUm} µm");
        }

        // The winding ends where its last full turn still fits inside the can with a layer of electrolyte.
        EndRad = 2 * Math.PI * (canRadiusMm - canWallMm - mandrelRadiusMm - (1.2 * PitchMm)) / PitchMm;
        _attenuation = [.. Enum.GetValues<CellMaterial>().Select(m => CellAttenuation.Shared.PerMm(m, energyKev))];
    }

    public double CanRadiusMm { get; }

    public double CanWallMm { get; }

    public double MandrelRadiusMm { get; }

    public double HalfHeightMm { get; }

    public CellLayers Layers { get; }

    public double StartRad { get; }

    /// <summary>The winding angle (rad) where the roll ends.</summary>
    public double EndRad { get; }

    public double EnergyKev { get; }

    public double PitchMm { get; }

    public CopperDeflection? Deflection { get; }

    public Delamination? Delamination { get; }

    public double AttenuationOf(CellMaterial material) => _attenuation[(int)material];

    /// <summary>μ at a point (1/mm).</summary>
    public double AttenuationAt(double x, double y, double z) => AttenuationOf(MaterialAt(x, y, z));

    /// <summary>The state of the cross-section at height <paramref name="z"/> (mm).</summary>
    public SectionState StateAt(double z)
    {
        int deflection = Deflection is { } d && z >= d.AboveZMm ? (int)Math.Round(100 * Math.Min(1, (z - d.AboveZMm) / DeflectionRiseMm)) : -1;
        return new SectionState(Math.Abs(z) <= HalfHeightMm, deflection, Delamination is { } v && z >= v.FromZMm && z <= v.ToZMm);
    }

    /// <summary>The cathode coat's thickness (µm) at a winding angle.</summary>
    public double CoatUm(double windingRad) => Layers.CathodeCoatUm + (Layers.CoatVariationUm * Math.Sin((windingRad / 2.3) + 0.4));

    /// <summary>The cathode electrode's thickness (two coats and the foil, µm) at a winding angle.</summary>
    public double CathodeElectrodeUm(double windingRad) => (2 * CoatUm(windingRad)) + Layers.AluminiumUm;

    /// <summary>
    /// Where a point of the cross-section lies in the winding: the winding angle φ of the turn it is in and its depth
    /// into that turn (mm from the turn's inner edge), or NaN outside the roll.
    /// </summary>
    public (double WindingRad, double DepthMm) Winding(double x, double y)
    {
        double radius = Math.Sqrt((x * x) + (y * y));
        double azimuth = (Math.Atan2(y, x) - StartRad) % (2 * Math.PI);
        if (azimuth < 0)
        {
            azimuth += 2 * Math.PI;
        }

        double s = radius - MandrelRadiusMm - (PitchMm * azimuth / (2 * Math.PI));
        if (s < 0)
        {
            return (double.NaN, double.NaN);
        }

        int turn = (int)(s / PitchMm);
        double winding = azimuth + (2 * Math.PI * turn);
        return winding <= EndRad ? (winding, s - (turn * PitchMm)) : (double.NaN, double.NaN);
    }

    public CellMaterial MaterialAt(double x, double y, double z)
    {
        double radius2 = (x * x) + (y * y);
        if (radius2 > CanRadiusMm * CanRadiusMm || Math.Abs(z) > HalfHeightMm)
        {
            return CellMaterial.Gas;
        }

        double inner = CanRadiusMm - CanWallMm;
        if (radius2 >= inner * inner)
        {
            return CellMaterial.Steel;
        }

        if (radius2 < MandrelRadiusMm * MandrelRadiusMm)
        {
            return CellMaterial.Gas;
        }

        (double winding, double depthMm) = Winding(x, y);
        return double.IsNaN(winding) ? CellMaterial.Electrolyte : Layer(winding, depthMm * 1000, z);
    }

    /// <summary>The material at a depth (µm) into the turn at a winding angle and height.</summary>
    private CellMaterial Layer(double winding, double depthUm, double z)
    {
        CellLayers l = Layers;
        double coat = CoatUm(winding);
        double foil = coat + l.AluminiumUm;
        double outerCoat = foil + coat;
        if (depthUm < coat)
        {
            return CellMaterial.Cathode;
        }

        if (depthUm < foil)
        {
            return CellMaterial.Aluminium;
        }

        if (depthUm < outerCoat)
        {
            return Delamination is { } d && InArc(winding, d.Turn, d.FromDeg, d.ToDeg) && z >= d.FromZMm && z <= d.ToZMm && depthUm < foil + d.GapUm
                ? CellMaterial.Gas
                : CellMaterial.Cathode;
        }

        double anode = outerCoat + l.SeparatorUm;
        if (depthUm < anode)
        {
            return CellMaterial.Separator;
        }

        double copper = anode + l.AnodeCoatUm - (DeflectionUm(winding, z) ?? 0);
        if (depthUm < copper)
        {
            return CellMaterial.Anode;
        }

        if (depthUm < copper + l.CopperUm)
        {
            return CellMaterial.Copper;
        }

        return depthUm < anode + (2 * l.AnodeCoatUm) + l.CopperUm ? CellMaterial.Anode : CellMaterial.Separator;
    }

    /// <summary>
    /// Where the copper foil's middle lies (µm, negative towards the axis) from the middle of the band between the
    /// cathode electrodes around it (from the outer edge of this turn's electrode to the next turn's), at a winding
    /// angle and height: its deflection, and half the amount by which the cathode coats are thicker than nominal.
    /// </summary>
    public double CopperOffsetUm(double winding, double z)
    {
        CellLayers l = Layers;
        double outerCoat = CathodeElectrodeUm(winding);
        double copperMiddle = outerCoat + l.SeparatorUm + l.AnodeCoatUm - (DeflectionUm(winding, z) ?? 0) + (l.CopperUm / 2);
        return copperMiddle - ((outerCoat + l.PitchUm) / 2);
    }

    /// <summary>How far (µm) the copper foil is pushed inward at a winding angle and height, or null where it is not.</summary>
    public double? DeflectionUm(double winding, double z)
    {
        if (Deflection is not { } d || !InArc(winding, d.Turn, d.FromDeg, d.ToDeg) || z < d.AboveZMm)
        {
            return null;
        }

        double from = ArcStart(d.Turn, d.FromDeg);
        double to = ArcStart(d.Turn, d.ToDeg);
        double along = Math.Sin(Math.PI * (winding - from) / (to - from));
        return d.DepthUm * along * along * Math.Min(1, (z - d.AboveZMm) / DeflectionRiseMm);
    }

    private static double ArcStart(int turn, double deg) => (2 * Math.PI * turn) + (deg * Math.PI / 180);

    private static bool InArc(double winding, int turn, double fromDeg, double toDeg) =>
        winding >= ArcStart(turn, fromDeg) && winding <= ArcStart(turn, toDeg);
}
