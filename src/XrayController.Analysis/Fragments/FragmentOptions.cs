namespace XrayController.Analysis.Fragments;

/// <summary>
/// Choices of the fragment analysis. <c>Regions</c>: equal depth regions through the electrode (5 in Zan et al. 2021).
/// <c>MinFragmentVoxels</c>: smaller pieces are noise. <c>CrackBridgeRadiusVoxels</c>: the closing that re-joins a
/// particle's fragments across its cracks. <c>MaxParticleWidthUm</c>: a piece wider than this across (x or y) is not a
/// particle (the current collector, a reconstruction artefact) and is left out. <c>BinUm</c>: the size histogram's bin
/// width in equivalent diameter. <c>FieldFraction</c>: the share of the reconstruction circle's radius analysed (its rim
/// holds the truncation artefacts of local tomography).
/// </summary>
public sealed record FragmentOptions(int Regions, int MinFragmentVoxels, double CrackBridgeRadiusVoxels, double MaxParticleWidthUm, double BinUm, double FieldFraction)
{
    public static FragmentOptions Default { get; } = new(5, 8, 2.0, 6.0, 0.5, 0.95);
}
