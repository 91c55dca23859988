namespace XrayController.Simulators.Physics.Spectral;

/// <summary>One ray's passage through one grain: the detector column, the ray (origin on the plane through the rotation axis, unit direction) and the chord [S0, S1].</summary>
public readonly record struct GrainChord(int Column, XanesGrain Grain, Vector3D Origin, Vector3D Direction, double S0, double S1);

/// <summary>Walks the rays of one detector row through a set of grains, visiting only the columns each grain's shadow covers.</summary>
public static class GrainRays
{
    public static void Visit(IReadOnlyList<XanesGrain> grains, ParallelBeamGeometry geometry, double angleDeg, int row, int columns, Action<GrainChord> visit)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(visit);
        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        var direction = new Vector3D(-sin, cos, 0);
        double z = geometry.HeightZ(row);
        foreach (XanesGrain grain in grains)
        {
            if (Math.Abs(z - grain.Center.Z) >= grain.RadiusMm)
            {
                continue;
            }

            double centerT = (grain.Center.X * cos) + (grain.Center.Y * sin);
            int first = Math.Max(0, (int)Math.Floor(Column(geometry, centerT - grain.RadiusMm)));
            int last = Math.Min(columns - 1, (int)Math.Ceiling(Column(geometry, centerT + grain.RadiusMm)));
            for (int column = first; column <= last; column++)
            {
                double t = geometry.DetectorT(column);
                var origin = new Vector3D(t * cos, t * sin, z);
                (double s0, double s1) = grain.Chord(origin, direction);
                if (s1 > s0)
                {
                    visit(new GrainChord(column, grain, origin, direction, s0, s1));
                }
            }
        }
    }

    /// <summary>The column whose ray lies at detector coordinate t (fractional; the inverse of <see cref="ParallelBeamGeometry.DetectorT"/>).</summary>
    private static double Column(ParallelBeamGeometry geometry, double t) => ((t + geometry.ShiftXMm) / geometry.PixelSizeMm) + geometry.AxisColumnPx;
}
