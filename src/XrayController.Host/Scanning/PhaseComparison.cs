using XrayController.Analysis.Fragments;
using XrayController.Reconstruction.Backprojection;
using XrayController.Simulators.Physics.Holography;

namespace XrayController.Host.Scanning;

/// <summary>A reconstructed δ volume against the truth: Pearson's r, and the fragment analysis of the truth's own δ volume (the same rules on perfect data).</summary>
public sealed record PhaseQuality(double PearsonR, FragmentResult TruthFragments)
{
    /// <summary>Pearson's r of Paganin's single-distance retrieval of the same scan, for comparison; null when not made.</summary>
    public double? PaganinPearsonR { get; init; }
}

/// <summary>How a reconstructed δ volume compares with the phase sample the simulator imaged.</summary>
public static class PhaseComparison
{
    public static PhaseQuality Compare(PhaseVolume volume, IPhaseSample piece, int detectorRows, double energyEv, FragmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        float[] truth = PhaseTruth.Delta(piece, volume.Shape.Depth, volume.Shape.Width, volume.VoxelUm / 1000, detectorRows, energyEv);
        var truthVolume = new PhaseVolume(volume.Shape, truth, volume.VoxelUm, "delta", "the simulated truth");
        return new PhaseQuality(Correlation(volume, truth), FragmentAnalysis.Run(truthVolume, options));
    }

    /// <summary>Pearson's r between the reconstructed δ and the truth's (averaged over each voxel) inside the reconstruction circle, every slice.</summary>
    public static double Correlation(PhaseVolume volume, float[] truth)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(truth);
        int size = volume.Shape.Width;
        var grid = new ReconstructionGrid(size);
        double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < volume.Values.Length; i++)
        {
            (_, int y, int x) = volume.Shape.Coordinates(i);
            if (grid.InCircle(y, x, (size / 2) - 2))
            {
                double a = volume.Values[i], b = truth[i];
                n++;
                sa += a;
                sb += b;
                saa += a * a;
                sbb += b * b;
                sab += a * b;
            }
        }

        double cov = sab - (sa * sb / n);
        return cov / Math.Sqrt((saa - (sa * sa / n)) * (sbb - (sb * sb / n)));
    }
}
