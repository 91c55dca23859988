namespace XrayController.Simulators.Physics;

/// <summary>A sample the parallel-beam renderer can project: exact line integrals ∫μ ds, one detector row at a time.</summary>
public interface IProjectable
{
    string Name { get; }

    /// <summary>Fills <paramref name="lineIntegrals"/> (one per column) for row <paramref name="row"/> at the angle and photon energy (NaN when the beam has no defined energy).</summary>
    void ProjectRow(ParallelBeamGeometry geometry, double angleDeg, int row, double energyEv, Span<double> lineIntegrals);
}
