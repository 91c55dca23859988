namespace XrayController.Simulators.Physics;

/// <summary>A sample a cone-beam renderer can image: line integrals of μ along any ray, and μ at a point for comparison.</summary>
public interface IAttenuatingSample
{
    string Name { get; }

    /// <summary>∫ μ ds (dimensionless) along the line from <paramref name="origin"/> in the unit <paramref name="direction"/>.</summary>
    double LineIntegral(Vector3D origin, Vector3D direction);

    /// <summary>μ at a point (1/mm): the ground truth a reconstruction is compared with.</summary>
    double AttenuationAt(Vector3D point);
}
