using XrayController.Analysis.Fragments;

namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>A reconstructed δ volume against the truth: Pearson's r, and the fragment analysis of the truth's own δ volume (the same rules on perfect data).</summary>
public sealed record PhaseQuality(double PearsonR, FragmentResult TruthFragments)
{
    /// <summary>Pearson's r of Paganin's single-distance retrieval of the same scan, for comparison; null when not made.</summary>
    public double? PaganinPearsonR { get; init; }
}

/// <summary>A simulation's phase sample, to compare a δ volume and the registration of the distances with (<see cref="Scans.ScanTruth"/>).</summary>
public interface IPhaseTruth
{
    /// <summary>Pearson's r of the volume with the truth's δ, and the fragment analysis of the truth's own δ volume (the same rules on perfect data).</summary>
    /// <param name="detectorRows">Rows of the scan's (binned) frames: the volume's heights are counted from the detector's middle row.</param>
    PhaseQuality Compare(PhaseVolume volume, int detectorRows, double energyEv, FragmentOptions options);

    /// <summary>Pearson's r of a δ volume with the truth's, inside the reconstruction circle.</summary>
    double Correlation(PhaseVolume volume, int detectorRows, double energyEv);

    /// <summary>RMS (pixels of the reference grid) of the registration shifts against the sideways motion the simulated travel gave each distance.</summary>
    double RegistrationRmsPx(PhaseReport phase, double energyEv, IReadOnlyList<double> distancesMm);
}
