using XrayController.Analysis.Fragments;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Tests;

public class FragmentAnalysisTests
{
    private const float Matrix = 2.2e-7f;
    private const float Foil = 4.8e-7f;
    private const float Nmc = 8.3e-7f;
    private const double Voxel = 0.1;

    /// <summary>
    /// A 100-slice cathode: matrix in a disc from slice 10 to 79 over a foil from 82 to 89; an intact sphere high up, one
    /// split in two by a gap near the middle, and one split in three by two parallel gaps low down, plus noise.
    /// </summary>
    private static (PhaseVolume Volume, int[] Truth) Cathode()
    {
        var shape = new VolumeShape(100, 96, 96);
        var values = new float[shape.Count];
        var truth = new int[shape.Count];
        var random = new Random(5);
        for (int i = 0; i < values.Length; i++)
        {
            (int z, int y, int x) = shape.Coordinates(i);
            bool inDisc = Math.Pow(y - 47.5, 2) + Math.Pow(x - 47.5, 2) <= 40 * 40;
            float value = inDisc && z is >= 10 and < 80 ? Matrix : inDisc && z is >= 82 and < 90 ? Foil : 0;
            int piece = Piece(z, y, x);
            if (piece > 0)
            {
                value = Nmc;
                truth[i] = piece;
            }

            values[i] = value + (float)(1.5e-8 * Gaussian(random));
        }

        return (new PhaseVolume(shape, values, Voxel, "delta", "synthetic cathode"), truth);
    }

    /// <summary>Which true fragment a voxel belongs to: 1 (intact sphere), 2–3 (halves), 4–6 (thirds), 0 (none).</summary>
    private static int Piece(int z, int y, int x)
    {
        if (Math.Pow(z - 20, 2) + Math.Pow(y - 30, 2) + Math.Pow(x - 30, 2) <= 100)
        {
            return 1;
        }

        if (Math.Pow(z - 45, 2) + Math.Pow(y - 60, 2) + Math.Pow(x - 55, 2) <= 144)
        {
            return x < 54 ? 2 : x > 56 ? 3 : 0;
        }

        if (Math.Pow(z - 66, 2) + Math.Pow(y - 40, 2) + Math.Pow(x - 62, 2) <= 144)
        {
            return y < 35 ? 4 : y is > 37 and < 43 ? 5 : y > 45 ? 6 : 0;
        }

        return 0;
    }

    [Fact]
    public void Fragments_particles_and_depth_regions_match_a_phantom_with_known_fragments()
    {
        (PhaseVolume volume, int[] truth) = Cathode();

        FragmentResult result = FragmentAnalysis.Run(volume, FragmentOptions.Default);

        Assert.Equal(6, result.Fragments.Count);
        Assert.Equal(3, result.Particles.Count);
        Assert.Equal([1, 2, 3], result.Particles.Select(p => p.Fragments).Order());
        Assert.NotNull(result.CollectorTopUm);
        Assert.Equal(8.2, result.CollectorTopUm!.Value, 0.31);
        Assert.Equal(1.0, result.ElectrodeTopUm, 0.11);
        Assert.InRange(result.ParticleThreshold, Matrix, Nmc);
        for (int piece = 1; piece <= 6; piece++)
        {
            int voxels = truth.Count(t => t == piece);
            int label = result.Labels[Array.FindIndex(truth, t => t == piece)];
            FragmentRow row = result.Fragments.Single(f => f.Id == label);
            Assert.InRange(row.Voxels, voxels * 0.9, voxels * 1.1);
            Assert.Equal(Math.Cbrt(6 * voxels * Math.Pow(Voxel, 3) / Math.PI), row.DiameterUm, 0.1 * row.DiameterUm);
        }

        // Electrode from slice 10 to 81 (above the foil): 7.2 µm, five regions of 1.44 µm.
        Assert.Equal(7.2, result.ElectrodeThicknessUm, 0.11);
        Assert.Equal([1, 0, 2, 3, 0], result.Regions.Select(r => r.Fragments));
        Assert.Equal(result.Fragments.Count, result.Regions.Sum(r => r.Histogram.Sum()));
    }

    [Fact]
    public void A_uniform_volume_is_refused_with_the_reason()
    {
        var shape = new VolumeShape(8, 16, 16);
        var volume = new PhaseVolume(shape, new float[shape.Count], Voxel, "delta", "flat.h5");
        InputException error = Assert.Throws<InputException>(() => FragmentAnalysis.Run(volume, FragmentOptions.Default));
        Assert.Contains("flat.h5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_below_what_the_analysis_holds_is_refused_before_it_runs()
    {
        var shape = new VolumeShape(20, 30, 30);
        var volume = new PhaseVolume(shape, new float[shape.Count], Voxel, "delta", "big.h5");
        long needed = (long)FragmentAnalysis.BytesPerVoxel * shape.Count;

        FragmentAnalysis.CheckBudget(volume, needed);
        InputException error = Assert.Throws<InputException>(() => FragmentAnalysis.CheckBudget(volume, needed - 1));

        Assert.Contains("big.h5", error.Message, StringComparison.Ordinal);
        Assert.Contains($"give --memory-gb {MemoryBudget.SmallestGigabytes(needed):0.00} or more", error.Message, StringComparison.Ordinal);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
