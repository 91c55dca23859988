namespace XrayController.Simulators.Physics;

/// <summary>A sample made of overlapping uniform ellipsoids whose attenuation coefficients add; the same at every energy.</summary>
public sealed class Phantom(string name, IReadOnlyList<Ellipsoid> ellipsoids) : IProjectable, IAttenuatingSample
{
    public string Name { get; } = name;

    public IReadOnlyList<Ellipsoid> Ellipsoids { get; } = ellipsoids;

    /// <summary>∫ μ ds along a line (unit direction), in units of attenuation length: exact, a sum of chord lengths.</summary>
    public double LineIntegral(Vector3D origin, Vector3D direction)
    {
        double sum = 0;
        foreach (Ellipsoid ellipsoid in Ellipsoids)
        {
            sum += ellipsoid.AttenuationPerMm * ellipsoid.ChordLengthMm(origin, direction);
        }

        return sum;
    }

    public void ProjectRow(ParallelBeamGeometry geometry, double angleDeg, int row, double energyEv, Span<double> lineIntegrals) =>
        ParallelBeamProjector.ProjectRow(this, geometry, angleDeg, row, lineIntegrals);

    /// <summary>μ at a point (1/mm): the ground truth a reconstruction is compared with.</summary>
    public double AttenuationAt(Vector3D point)
    {
        double sum = 0;
        foreach (Ellipsoid ellipsoid in Ellipsoids)
        {
            if (ellipsoid.Contains(point))
            {
                sum += ellipsoid.AttenuationPerMm;
            }
        }

        return sum;
    }

    /// <summary>The same phantom with every coefficient multiplied by <paramref name="factor"/>.</summary>
    public Phantom Scaled(double factor) =>
        new(Name, [.. Ellipsoids.Select(e => e.WithAttenuation(e.AttenuationPerMm * factor))]);
}
