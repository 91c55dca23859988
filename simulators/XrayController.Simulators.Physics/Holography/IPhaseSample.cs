namespace XrayController.Simulators.Physics.Holography;

/// <summary>A sample seen by its refractive index: exact projections of δ and β, and δ at any point (the truth).</summary>
public interface IPhaseSample
{
    string Name { get; }

    /// <summary>Fills ∫δ ds and ∫β ds (mm) of row <paramref name="row"/>'s rays at the angle and photon energy.</summary>
    void ProjectRow(ParallelBeamGeometry geometry, double angleDeg, int row, double energyEv, Span<double> delta, Span<double> beta);

    /// <summary>δ at a point of the sample frame (mm).</summary>
    double DeltaAt(Vector3D point, double energyEv);
}
