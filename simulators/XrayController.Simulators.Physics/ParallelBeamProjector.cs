namespace XrayController.Simulators.Physics;

/// <summary>Exact parallel-beam projections of an ellipsoid phantom: every pixel's line integral in closed form.</summary>
public static class ParallelBeamProjector
{
    /// <summary>Fills <paramref name="lineIntegrals"/> (rows × columns, row-major) with ∫μ ds for each pixel at <paramref name="angleDeg"/>.</summary>
    public static void Project(Phantom phantom, ParallelBeamGeometry geometry, double angleDeg, Span<double> lineIntegrals)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentNullException.ThrowIfNull(geometry);
        if (lineIntegrals.Length != geometry.Rows * geometry.Columns)
        {
            throw new ArgumentException($"expected {geometry.Rows * geometry.Columns} values, got {lineIntegrals.Length}", nameof(lineIntegrals));
        }

        for (int row = 0; row < geometry.Rows; row++)
        {
            ProjectRow(phantom, geometry, angleDeg, row, lineIntegrals.Slice(row * geometry.Columns, geometry.Columns));
        }
    }

    /// <summary>One detector row; rows are independent, so callers may run them in parallel.</summary>
    public static void ProjectRow(Phantom phantom, ParallelBeamGeometry geometry, double angleDeg, int row, Span<double> lineIntegrals)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentNullException.ThrowIfNull(geometry);
        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        var direction = new Vector3D(-sin, cos, 0);
        double z = geometry.HeightZ(row);
        lineIntegrals.Clear();
        foreach (Ellipsoid ellipsoid in phantom.Ellipsoids)
        {
            if (Math.Abs(z - ellipsoid.Center.Z) > ellipsoid.BoundingRadiusMm)
            {
                continue;
            }

            double centerT = (ellipsoid.Center.X * cos) + (ellipsoid.Center.Y * sin);
            for (int column = 0; column < lineIntegrals.Length; column++)
            {
                double t = geometry.DetectorT(column);
                if (Math.Abs(t - centerT) <= ellipsoid.BoundingRadiusMm)
                {
                    lineIntegrals[column] += ellipsoid.AttenuationPerMm * ellipsoid.ChordLengthMm(new Vector3D(t * cos, t * sin, z), direction);
                }
            }
        }
    }
}
