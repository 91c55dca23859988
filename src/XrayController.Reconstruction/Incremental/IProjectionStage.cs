using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Incremental;

/// <summary>
/// A step between the correction of a live projection and its filtering (phase retrieval): it turns the corrected line
/// integrals −ln(I/I₀) into what is back-projected, in place, or holds the projection back (returns false) — until the
/// projections of the same angle at other distances are in, or because it is not one this preview uses.
/// </summary>
public interface IProjectionStage
{
    bool Apply(float[] lineIntegrals, double angleDeg, ReferenceCondition condition);
}
