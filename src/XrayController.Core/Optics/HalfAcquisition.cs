namespace XrayController.Core.Optics;

/// <summary>
/// When a full turn with the rotation axis's image off the panel's centre is a half-acquisition (each half-turn sees one
/// side of the sample, the two meeting in a narrow overlap around the axis), and the overlap it needs. One rule for the
/// plan's check and the reconstruction's decision.
/// </summary>
public static class HalfAcquisition
{
    /// <summary>The fewest columns beyond the axis on the near side that the two half-turns can be blended over.</summary>
    public const int MinimumOverlapColumns = 4;

    /// <summary>How much further the far side must reach than the near side (a centred panel whose axis lies a few columns off is an ordinary scan).</summary>
    public const double FarToNear = 1.5;

    /// <summary>The columns between the axis and the panel's nearer edge (negative when the axis's image misses the panel).</summary>
    public static double NearSideColumns(double axisColumn, int columns) => Math.Min(axisColumn, columns - 1 - axisColumn) + 0.5;

    /// <summary>The columns between the axis and the panel's farther edge.</summary>
    public static double FarSideColumns(double axisColumn, int columns) => Math.Max(axisColumn, columns - 1 - axisColumn) + 0.5;

    /// <summary>Whether a full turn with the axis at <paramref name="axisColumn"/> is a half-acquisition: the far side reaches at least <see cref="FarToNear"/> times as far as the near side.</summary>
    public static bool Applies(double axisColumn, int columns)
    {
        double near = NearSideColumns(axisColumn, columns);
        return near > 0 && FarSideColumns(axisColumn, columns) >= FarToNear * near;
    }

    /// <summary>
    /// The empty columns a half-acquisition's detector is widened by, on its near side, so the axis lies in the middle of
    /// a detector as wide as the far side reaches both ways; <c>Before</c> is how many go before its first column (the
    /// measured columns then start there).
    /// </summary>
    public static (int Added, int Before) Widening(double axisColumn, int columns)
    {
        int added = Math.Max(0, (int)Math.Round(Math.Abs(columns - 1 - (2 * axisColumn))));
        return (added, axisColumn < (columns - 1) / 2.0 ? added : 0);
    }

    /// <summary>
    /// Wang's (2002) redundancy weight of a ray <paramref name="towardsFar"/> from the axis (counted positive towards the
    /// far side) when both half-turns see the band |u| ≤ <paramref name="overlap"/> (same unit): sin²(π/4 · (1 + u/Δ))
    /// within it, so a ray and its mirror image sum to one, 1 beyond it on the far side, 0 past the near edge.
    /// </summary>
    public static double Weight(double towardsFar, double overlap)
    {
        if (towardsFar >= overlap)
        {
            return 1;
        }

        if (towardsFar <= -overlap)
        {
            return 0;
        }

        double s = Math.Sin(Math.PI / 4 * (1 + (towardsFar / overlap)));
        return s * s;
    }

    /// <summary>The least distance, in columns, the axis must lie from the panel's centre for <see cref="Applies"/>.</summary>
    public static double LeastOffsetColumns(int columns) => ((columns - 1) / 2.0) - (((columns - 1) + 0.5 - (FarToNear * 0.5)) / (1 + FarToNear));

    /// <summary>The most distance, in columns, the axis may lie from the panel's centre and keep <see cref="MinimumOverlapColumns"/> on the near side.</summary>
    public static double MostOffsetColumns(int columns) => ((columns - 1) / 2.0) - (MinimumOverlapColumns - 0.5);
}
