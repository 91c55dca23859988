namespace XrayController.Simulators.Physics.Cell;

/// <summary>
/// The wound cell a lab-CT profile images, sized to its field of view: an 18650 can (9 mm radius, 0.25 mm wall) where
/// the field is wide enough, else a miniature cell filling 92 % of the field's width (wall 0.08 mm) with the same
/// layers; the hollow centre is a tenth of the radius. The copper foil of the second turn is pushed 40 µm inward over 90° above
/// 15 % of the field's height (the top, the positive terminal's end), and the outer cathode coat of the second-last turn
/// has come off its foil by 25 µm over 60° between 60 % and 90 % of the field's height below the centre (the arcs'
/// azimuths from the seed). Attenuation at 60 keV, the mean energy of a 120 kV tube's filtered spectrum (chosen).
/// </summary>
public static class CellPhantom
{
    public const double EffectiveEnergyKev = 60;

    /// <summary>The fewest whole turns a cell must have: the defects sit on the second and the second-last.</summary>
    public const int MinimumTurns = 3;

    /// <summary>How many whole turns the cell for a field of this half-width has.</summary>
    public static int Turns(double halfWidthMm)
    {
        (double radius, double wall, double mandrel) = Size(halfWidthMm);
        double pitch = new CellLayers().PitchUm / 1000;
        return (int)((radius - wall - mandrel - (1.2 * pitch)) / pitch);
    }

    public static VoxelisedCell Build(double halfWidthMm, double fieldHeightMm, double voxelMm, int seed)
    {
        int turns = Turns(halfWidthMm);
        if (turns < MinimumTurns)
        {
            throw new ArgumentException($"a field {2 * halfWidthMm:0.###} mm wide holds a cell of {turns} whole turns; the jelly roll needs {MinimumTurns}", nameof(halfWidthMm));
        }

        (double radius, double wall, double mandrel) = Size(halfWidthMm);
        var layers = new CellLayers();
        var random = new Random(seed);
        double start = random.NextDouble() * 360;
        double deflectionFrom = random.NextDouble() * 270;
        double voidFrom = random.NextDouble() * 300;
        var cell = new JellyRoll(
            radius,
            wall,
            mandrel,
            halfHeightMm: 10 * Math.Max(radius, fieldHeightMm),
            layers,
            start,
            EffectiveEnergyKev,
            new CopperDeflection(1, deflectionFrom, deflectionFrom + 90, 0.15 * fieldHeightMm, 40),
            new Delamination(turns - 2, voidFrom, voidFrom + 60, -0.9 * fieldHeightMm, -0.6 * fieldHeightMm, 25));
        return new VoxelisedCell(cell, voxelMm);
    }

    private static (double Radius, double Wall, double Mandrel) Size(double halfWidthMm)
    {
        double radius = Math.Min(9.0, 0.92 * halfWidthMm);
        return (radius, radius >= 9.0 ? 0.25 : 0.08, 0.1 * radius);
    }
}
