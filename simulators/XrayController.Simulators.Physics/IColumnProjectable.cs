namespace XrayController.Simulators.Physics;

/// <summary>
/// A sample that projects the rays to one flat-detector column together (they share a horizontal path): the rays from
/// <c>source</c> to <c>columnCentre</c> raised by each of <c>heightsMm</c>, their line integrals into <c>lineIntegrals</c>.
/// </summary>
public interface IColumnProjectable
{
    void ProjectColumn(Vector3D source, Vector3D columnCentre, ReadOnlySpan<double> heightsMm, Span<double> lineIntegrals);
}
