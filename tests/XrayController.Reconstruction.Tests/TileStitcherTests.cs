using XrayController.Reconstruction.Cone;

namespace XrayController.Reconstruction.Tests;

public sealed class TileStitcherTests
{
    private const int Size = 24;

    /// <summary>A smooth volume varying in all three directions: a few Gaussian blobs.</summary>
    private static double Truth(int i, int j, double z)
    {
        double value = 0;
        (double X, double Y, double Z, double Width)[] blobs = [(5, 8, -12, 4), (15, 14, -27, 3), (10, 4, -33, 5), (18, 6, -45, 4), (7, 17, -58, 3)];
        foreach ((double x, double y, double bz, double width) in blobs)
        {
            double r2 = ((j - x) * (j - x)) + ((i - y) * (i - y)) + ((z - bz) * (z - bz));
            value += Math.Exp(-r2 / (2 * width * width));
        }

        return value;
    }

    private static TileVolume Tile(double topZ, int slices)
    {
        var volume = new float[slices * Size * Size];
        for (int k = 0; k < slices; k++)
        {
            for (int i = 0; i < Size; i++)
            {
                for (int j = 0; j < Size; j++)
                {
                    volume[(((k * Size) + i) * Size) + j] = (float)Truth(i, j, topZ - k);
                }
            }
        }

        return new TileVolume(volume, slices, topZ);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.3)]
    [InlineData(-2.0)]
    public void Two_tiles_with_a_known_overlap_stitch_into_the_volume_they_were_cut_from(double stageError)
    {
        // The lower tile's position says its top is at −30 (10 slices of overlap); it really sits stageError higher.
        TileVolume upper = Tile(0, 40);
        TileVolume actual = Tile(-30 + stageError, 40);
        var lower = actual with { TopZMm = -30 };

        StitchedVolume stitched = TileStitcher.Stitch([lower, upper], Size, voxelMm: 1);

        TileSeam seam = Assert.Single(stitched.Seams);
        Assert.Equal(10 - 1, seam.OverlapMm, 9);
        Assert.Equal(stageError != 0, seam.Applied);
        Assert.InRange(seam.ShiftVoxels, stageError - 0.15, stageError + 0.15);
        Assert.True(seam.Correlation > 0.99, $"correlation {seam.Correlation}");
        Assert.Equal(0, stitched.TopZMm);
        Assert.Equal((int)Math.Floor(30 - stageError + 39 + 1e-9) + 1, stitched.Slices);

        double worst = 0;
        for (int k = 0; k < stitched.Slices; k++)
        {
            for (int p = 0; p < Size * Size; p++)
            {
                double truth = Truth(p / Size, p % Size, -k);
                worst = Math.Max(worst, Math.Abs(stitched.Volume[(k * Size * Size) + p] - truth));
            }
        }

        Assert.True(worst < 0.02, $"largest difference {worst} from the truth (values up to 1)");
    }

    [Fact]
    public void A_poor_match_keeps_the_tile_positions_and_says_so()
    {
        TileVolume upper = Tile(0, 40);
        var rng = new Random(3);
        var noise = new TileVolume([.. Enumerable.Range(0, 40 * Size * Size).Select(_ => (float)rng.NextDouble())], 40, -30);

        StitchedVolume stitched = TileStitcher.Stitch([upper, noise], Size, voxelMm: 1);

        TileSeam seam = Assert.Single(stitched.Seams);
        Assert.False(seam.Applied);
        Assert.True(seam.Correlation < TileStitcher.MinimumCorrelation);
        Assert.Equal(70, stitched.Slices);
        Assert.Equal(upper.Volume[(5 * Size * Size) + 100], stitched.Volume[(5 * Size * Size) + 100]);
        Assert.Equal(noise.Volume[(35 * Size * Size) + 100], stitched.Volume[(65 * Size * Size) + 100]);
    }

    [Fact]
    public void Content_that_does_not_change_with_height_keeps_the_tile_positions()
    {
        var rng = new Random(5);
        float[] section = [.. Enumerable.Range(0, Size * Size).Select(_ => (float)rng.NextDouble())];
        TileVolume Uniform(double top) => new([.. Enumerable.Range(0, 40).SelectMany(_ => section)], 40, top);

        TileSeam seam = Assert.Single(TileStitcher.Stitch([Uniform(0), Uniform(-30)], Size, voxelMm: 1).Seams);

        Assert.True(seam.Correlation > 0.99);
        Assert.False(seam.Applied);
    }

    [Fact]
    public void Tiles_that_do_not_overlap_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TileStitcher.Stitch([Tile(0, 20), Tile(-25, 20)], Size, voxelMm: 1));
        Assert.Contains("do not overlap", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Slabs_stitched_from_tiles_read_in_pieces_are_the_whole_stitch_bit_for_bit(int slabSlices)
    {
        TileVolume[] tiles = [Tile(0, 40), Tile(-29.4, 40) with { TopZMm = -30 }, Tile(-58, 30)];
        StitchedVolume whole = TileStitcher.Stitch(tiles, Size, voxelMm: 1);
        PiecewiseTile[] pieces = [.. tiles.Select(t => new PiecewiseTile(t))];

        StitchPlan plan = TileStitcher.Plan(pieces, Size, voxelMm: 1);

        Assert.Equal(whole.Seams, plan.Seams);
        Assert.True(pieces.All(p => p.MostSlicesRead < 20), string.Join(", ", pieces.Select(p => p.MostSlicesRead)));
        Assert.True(pieces.Max(p => p.MostSlicesRead) * Size * Size * sizeof(float) <= TileStitcher.RegistrationBytes([.. tiles.Select(t => (t.Slices, t.TopZMm))], Size, voxelMm: 1));
        var stitched = new List<float>();
        for (int first = 0; first < plan.Slices; first += slabSlices)
        {
            int count = Math.Min(slabSlices, plan.Slices - first);
            stitched.AddRange(plan.Slab(first, count));
            Assert.True(pieces.All(p => p.MostSlicesRead <= Math.Max(20, count + 2)));
        }

        Assert.Equal(whole.Volume, stitched);
    }

    /// <summary>A tile handed out as copies of the slices asked for, as a file would, counting the most read at once.</summary>
    private sealed class PiecewiseTile(TileVolume tile) : ITileSlices
    {
        public int MostSlicesRead { get; private set; }

        public int Slices => tile.Slices;

        public double TopZMm => tile.TopZMm;

        public ReadOnlyMemory<float> Read(int first, int count)
        {
            MostSlicesRead = Math.Max(MostSlicesRead, count);
            return tile.Read(first, count).ToArray();
        }

        public void Release()
        {
        }
    }
}
