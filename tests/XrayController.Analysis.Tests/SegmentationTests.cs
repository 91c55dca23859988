using XrayController.Analysis.Segmentation;
using XrayController.Analysis.Xanes;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Tests;

public class SegmentationTests
{
    [Fact]
    public void The_distance_transform_equals_brute_force()
    {
        var shape = new VolumeShape(7, 9, 11);
        var random = new Random(3);
        bool[] target = [.. Enumerable.Range(0, shape.Count).Select(_ => random.NextDouble() < 0.05)];

        float[] squared = EuclideanDistance.SquaredTo(target, shape);

        for (int i = 0; i < shape.Count; i++)
        {
            (int z, int y, int x) = shape.Coordinates(i);
            double best = double.PositiveInfinity;
            for (int j = 0; j < shape.Count; j++)
            {
                if (target[j])
                {
                    (int tz, int ty, int tx) = shape.Coordinates(j);
                    best = Math.Min(best, ((z - tz) * (z - tz)) + ((y - ty) * (y - ty)) + ((x - tx) * (x - tx)));
                }
            }

            Assert.Equal(best, squared[i]);
        }
    }

    [Fact]
    public void Otsu_splits_two_populations_between_their_means()
    {
        var random = new Random(4);
        float[] values = [.. Enumerable.Range(0, 20000).Select(i => (float)((i % 4 == 0 ? 10 : 2) + (0.5 * NiEdgeSpectra.Gaussian(random)))), float.NaN];

        Assert.InRange(Otsu.Threshold(values), 4f, 8f);
    }

    [Fact]
    public void Fragments_particles_and_grains_of_a_known_phantom()
    {
        var shape = new VolumeShape(40, 40, 80);
        var material = new float[shape.Count];
        var truthGrain = new int[shape.Count];
        (double Z, double Y, double X, int Grain)[] centres = [(20, 20, 15, 1), (20, 20, 25, 2), (20, 20, 58, 3)];
        for (int i = 0; i < shape.Count; i++)
        {
            (int z, int y, int x) = shape.Coordinates(i);
            double best = double.PositiveInfinity;
            foreach ((double cz, double cy, double cx, int grain) in centres)
            {
                double d = Math.Sqrt(((z - cz) * (z - cz)) + ((y - cy) * (y - cy)) + ((x - cx) * (x - cx)));
                if (d <= 7 && d < best && !(grain == 3 && Math.Abs(x - 58) <= 1))
                {
                    best = d;
                    truthGrain[i] = grain;
                    material[i] = 1;
                }
            }
        }

        XanesSegmentation segmentation = XanesSegmentation.Segment(material, shape, XanesOptions.Default with { MinGrainRadiusVoxels = 3 }, "phantom");

        Assert.Equal(3, segmentation.FragmentCount);
        Assert.Equal(2, segmentation.ParticleCount);
        int[] sizes = [.. Enumerable.Range(1, 3).Select(f => segmentation.Fragments.Count(l => l == f))];
        Assert.Equal(truthGrain.Count(g => g is 1 or 2), sizes[0]);
        Assert.Equal(truthGrain.Count(g => g == 3) / 2, sizes[1]);
        Assert.Equal(4, segmentation.GrainCount);
        int agree = Enumerable.Range(0, shape.Count).Count(i => truthGrain[i] is 1 or 2 && segmentation.Grains[i] == truthGrain[i]);
        Assert.True(agree > 0.97 * truthGrain.Count(g => g is 1 or 2), $"{agree} voxels of the two touching grains labelled right");
    }

    [Fact]
    public void A_uniform_volume_has_no_particles_to_find()
    {
        var error = Assert.Throws<InputException>(() => XanesSegmentation.Segment(new float[1000], new VolumeShape(10, 10, 10), XanesOptions.Default, "empty.h5"));

        Assert.Contains("empty.h5", error.Message);
        Assert.Contains("uniform", error.Message);
    }
}
