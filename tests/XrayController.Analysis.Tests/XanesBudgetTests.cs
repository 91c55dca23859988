using PureHDF;
using XrayController.Analysis.Segmentation;
using XrayController.Analysis.Xanes;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Tests;

/// <summary>The XANES analysis under a memory budget: the stack read from its file in slabs gives the in-memory result bit for bit.</summary>
public sealed class XanesBudgetTests : IDisposable
{
    private static readonly VolumeShape Shape = new(40, 40, 40);
    private readonly string _directory = Directory.CreateTempSubdirectory("xanes-budget-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Budgets_down_to_one_slice_give_the_in_memory_result_bit_for_bit()
    {
        SpectralStack stack = Spheres();
        XanesResult whole = XanesAnalysis.Run(stack, XanesOptions.Default);
        string path = Write(stack, "float32.h5", v => v);
        using SpectralStackFile file = SpectralStackFile.Open(path);
        long minimum = XanesMemory.Under(file, null).MinimumBytes;

        foreach (long budget in new[] { 10_000_000L, minimum })
        {
            XanesMemory plan = XanesMemory.Plan(file, budget);
            Assert.True(plan.Slabs >= 3, $"{budget} bytes make {plan.Slabs} slabs of {plan.SlabSlices} slices");
            XanesResult slabbed = XanesAnalysis.Run(file, XanesOptions.Default, budget);
            Assert.Equal(whole.MeanAttenuation, slabbed.MeanAttenuation);
            Assert.Equal(whole.MeanSpectrum, slabbed.MeanSpectrum);
            Assert.Equal(whole.Maps.HalfHeightEv, slabbed.Maps.HalfHeightEv);
            Assert.Equal(whole.Maps.MaxDerivativeEv, slabbed.Maps.MaxDerivativeEv);
            Assert.Equal(whole.Maps.Step, slabbed.Maps.Step);
            Assert.Equal(whole.Maps.HalfHeightVarianceEv2, slabbed.Maps.HalfHeightVarianceEv2);
            Assert.Equal(whole.EdgeEv, slabbed.EdgeEv);
            Assert.Equal(whole.Segmentation.Fragments, slabbed.Segmentation.Fragments);
            Assert.Equal(whole.Segmentation.Particles, slabbed.Segmentation.Particles);
            Assert.Equal(whole.Segmentation.Grains, slabbed.Segmentation.Grains);
            Assert.Equal(whole.Grains, slabbed.Grains);
        }

        Assert.True(whole.Segmentation.GrainCount >= 4, $"{whole.Segmentation.GrainCount} grains");
        Assert.True(whole.Segmentation.FragmentCount >= 3, $"{whole.Segmentation.FragmentCount} fragments");
    }

    [Fact]
    public void One_energys_volume_reads_as_that_energys_slices()
    {
        SpectralStack stack = Spheres();
        using SpectralStackFile file = SpectralStackFile.Open(Write(stack, "energy.h5", v => v));
        int last = file.EnergiesEv.Count - 1;

        IVolume volume = file.AtEnergy(last);

        Assert.Equal(stack.Slab(0, Shape.Depth).At(last).ToArray(), volume.Slices(0, Shape.Depth).ToArray());
        Assert.Equal(stack.Slab(10, 3).At(last).ToArray(), volume.Slices(10, 3).ToArray());
        Assert.Equal(stack.Slab(10, 3).At(0).ToArray(), file.AtEnergy(0).Slices(10, 3).ToArray());
        Assert.EndsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"energy.h5 at {file.EnergiesEv[last]:0.0} eV"), volume.Source, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.AtEnergy(last + 1));
    }

    [Fact]
    public void A_stack_stored_as_float64_reads_as_the_same_floats()
    {
        SpectralStack stack = Spheres();
        XanesResult whole = XanesAnalysis.Run(stack, XanesOptions.Default);
        using SpectralStackFile file = SpectralStackFile.Open(Write(stack, "float64.h5", v => v.Select(x => (double)x).ToArray()));

        XanesResult slabbed = XanesAnalysis.Run(file, XanesOptions.Default, 10_000_000);

        Assert.Equal(whole.EdgeEv, slabbed.EdgeEv);
        Assert.Equal(whole.Segmentation.Grains, slabbed.Segmentation.Grains);
    }

    [Fact]
    public void A_budget_below_one_slice_is_refused_with_the_smallest_that_works()
    {
        using SpectralStackFile file = SpectralStackFile.Open(Write(Spheres(), "small.h5", v => v));
        long minimum = XanesMemory.Under(file, null).MinimumBytes;

        var error = Assert.Throws<InputException>(() => XanesAnalysis.Run(file, XanesOptions.Default, minimum - 1));

        Assert.Contains($"give --memory-gb {MemoryBudget.SmallestGigabytes(minimum):0.00} or more", error.Message, StringComparison.Ordinal);
        Assert.Contains("small.h5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grains_found_fragment_by_fragment_equal_the_whole_volume_watershed()
    {
        var shape = new VolumeShape(30, 36, 60);
        var mean = new float[shape.Count];
        (double Z, double Y, double X, double R)[] spheres = [(15, 18, 20, 7), (15, 18, 31, 6), (12, 14, 2, 6), (22, 26, 50, 5)];
        for (int i = 0; i < shape.Count; i++)
        {
            (int z, int y, int x) = shape.Coordinates(i);
            mean[i] = spheres.Any(s => ((z - s.Z) * (z - s.Z)) + ((y - s.Y) * (y - s.Y)) + ((x - s.X) * (x - s.X)) <= s.R * s.R) ? 1 : 0;
        }

        XanesOptions options = XanesOptions.Default with { MinGrainRadiusVoxels = 3 };
        XanesSegmentation segmentation = XanesSegmentation.Segment(mean, shape, options, "phantom");

        float[] distance = EuclideanDistance.InsideDistance(segmentation.Material, shape);
        (int[] markers, _) = PeakMarkers.Find(distance, shape, options.GrainSeedRadiusVoxels, options.MinGrainRadiusVoxels);
        int[] whole = Watershed.Flood([.. distance.Select(d => -d)], markers, segmentation.Material, shape);
        Assert.Equal(3, segmentation.FragmentCount);
        Assert.Equal(4, segmentation.GrainCount);
        Assert.Equal(InRasterOrder(whole), segmentation.Grains);
    }

    private static int[] InRasterOrder(int[] labels)
    {
        var map = new Dictionary<int, int>();
        return [.. labels.Select(l => l == 0 ? 0 : map.TryGetValue(l, out int n) ? n : map[l] = map.Count + 1)];
    }

    /// <summary>63 energies of a 40³ volume: touching and separate spheres, each with its own Ni K edge, and noise.</summary>
    private static SpectralStack Spheres()
    {
        double[] energies = NiEdgeSpectra.PresetEnergies;
        (double Z, double Y, double X, double R, double EdgeEv)[] spheres =
            [(10, 12, 12, 6, 8342), (10, 12, 22, 5, 8345), (28, 28, 28, 7, 8344), (30, 10, 30, 4, 8343), (20, 30, 8, 4, 8346)];
        var random = new Random(17);
        float[][] volumes = [.. energies.Select(_ => new float[Shape.Count])];
        for (int i = 0; i < Shape.Count; i++)
        {
            (int z, int y, int x) = Shape.Coordinates(i);
            int inside = Array.FindIndex(spheres, s => ((z - s.Z) * (z - s.Z)) + ((y - s.Y) * (y - s.Y)) + ((x - s.X) * (x - s.X)) <= s.R * s.R);
            for (int k = 0; k < energies.Length; k++)
            {
                double value = inside < 0 ? 0 : NiEdgeSpectra.Attenuation(energies[k], spheres[inside].EdgeEv, 0.04);
                volumes[k][i] = (float)(value + (0.001 * NiEdgeSpectra.Gaussian(random)));
            }
        }

        return new SpectralStack(energies, Shape, volumes, 0.1, "spheres");
    }

    private string Write<T>(SpectralStack stack, string name, Func<float[], T[]> convert)
    {
        string path = Path.Combine(_directory, name);
        T[] values = convert([.. stack.Volumes.SelectMany(v => v)]);
        var recon = new H5Dataset(values, fileDims: [(ulong)stack.EnergiesEv.Count, (ulong)Shape.Depth, (ulong)Shape.Height, (ulong)Shape.Width])
        {
            Attributes = new Dictionary<string, object> { ["voxel_size_um"] = 0.1 },
        };
        new H5File { ["exchange"] = new H5Group { ["recon"] = recon, ["energy"] = stack.EnergiesEv.ToArray() } }.Write(path);
        return path;
    }
}
