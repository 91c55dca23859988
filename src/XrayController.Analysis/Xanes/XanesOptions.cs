namespace XrayController.Analysis.Xanes;

/// <summary>Choices of the XANES analysis; the defaults suit particles of a few µm imaged with ~0.1 µm voxels.</summary>
/// <param name="E0Ev">The edge the fit windows are placed around; null: the derivative peak of the material's mean spectrum.</param>
/// <param name="MinStepFraction">Voxels whose edge step is below this fraction of the material's median step are masked:
/// mostly voxels at a surface, part particle and part pore, whose spectra are noisy and, where images of different
/// energies are blurred or registered slightly differently, distorted.</param>
/// <param name="MinFragmentVoxels">Smaller connected pieces are noise, not fragments.</param>
/// <param name="CrackBridgeRadiusVoxels">Closing radius that re-joins the fragments of one cracked particle.</param>
/// <param name="GrainSeedRadiusVoxels">Half-width of the cube within which a grain's distance-map peak must be the highest:
/// a grain clipped by its neighbours can have two peaks a few voxels apart, which would split it.</param>
/// <param name="MinGrainRadiusVoxels">Distance-map peaks lower than this do not seed grains.</param>
/// <param name="MinCountedFragmentShare">A fragment counts towards its particle's damage when it holds at least this share of the particle.</param>
/// <param name="SizeGroupLimitsUm3">Fragment volumes below the first limit are small, below the second medium, else large.</param>
public sealed record XanesOptions(
    EdgeWindows Windows,
    double? E0Ev = null,
    double MinStepFraction = 0.6,
    int MinFragmentVoxels = 20,
    double CrackBridgeRadiusVoxels = 3,
    int GrainSeedRadiusVoxels = 4,
    float MinGrainRadiusVoxels = 2,
    double MinCountedFragmentShare = 0.05,
    double[]? SizeGroupLimitsUm3 = null)
{
    public static XanesOptions Default { get; } = new(new EdgeWindows());

    public double[] SizeGroups => SizeGroupLimitsUm3 ?? [2.0, 8.0];
}
