using XrayController.Core.Plans;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators.Physics;
using static XrayController.Reconstruction.Tests.FdkScans;

namespace XrayController.Reconstruction.Tests;

public sealed class FdkTests
{
    [Fact]
    public void A_full_turn_reconstructs_the_ellipsoid_phantom_from_its_exact_cone_beam_projections()
    {
        Phantom phantom = Head();
        (float[] projections, ConeGeometry geometry) = Scan(phantom, 360, 180);
        var grid = new ConeGrid(Detector, 24, geometry.VoxelMm);

        float[] volume = Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, grid);

        double error = RelativeError(volume, grid, phantom, 8, 16);
        Assert.True(error < 0.1, $"relative RMS error {error:P1} near the central plane");
        double measured = 0, truth = 0;
        for (int i = (Detector / 2) - 2; i <= (Detector / 2) + 2; i++)
        {
            for (int j = (Detector / 2) - 2; j <= (Detector / 2) + 2; j++)
            {
                measured += volume[(((12 * Detector) + i) * Detector) + j] / 25;
                truth += phantom.AttenuationAt(new Vector3D(grid.X(j), grid.Y(i), grid.Z(12))) / 25;
            }
        }

        Assert.True(truth > 0);
        Assert.Equal(truth, measured, 0.05 * truth);
    }

    [Fact]
    public void A_short_scan_with_parker_weights_reconstructs_as_well_as_a_full_turn()
    {
        Phantom phantom = Head();
        (float[] projections, ConeGeometry probe) = Scan(phantom, 360, 2);
        double range = 180 + (2 * probe.HalfFanRad * 180 / Math.PI) + 4;
        int count = (int)Math.Round(range / 2);
        (projections, ConeGeometry geometry) = Scan(phantom, count * 2.0, count);
        var grid = new ConeGrid(Detector, 24, geometry.VoxelMm);
        Assert.True(geometry.IsShortScan);

        float[] volume = Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, grid);

        double error = RelativeError(volume, grid, phantom, 8, 16);
        (float[] full, ConeGeometry turn) = Scan(phantom, 360, 2 * count);
        double fullError = RelativeError(Fdk.Reconstruct(full, turn, ReconstructionFilter.SheppLogan, grid), grid, phantom, 8, 16);
        Assert.True(error < 1.05 * fullError, $"relative RMS error {error:P1} over {count * 2}°, {fullError:P1} over a full turn with the same step");
    }


    [Theory]
    [InlineData(0.0)]
    [InlineData(3.3)]
    [InlineData(-7.6)]
    public void The_principal_column_is_found_from_conjugate_rays_of_the_central_row(double offset)
    {
        (float[] projections, ConeGeometry geometry) = Scan(Head(), 360, 180, offset);
        var sinogram = new float[180 * Detector];
        for (int p = 0; p < 180; p++)
        {
            Array.Copy(projections, ((p * Detector) + (Detector / 2)) * Detector, sinogram, p * Detector, Detector);
        }

        double found = ConeCenter.Find(sinogram, Detector, geometry.AnglesDeg, Pixel, Sdd);

        Assert.Equal(geometry.PrincipalColumn, found, 0.1);
    }

    [Fact]
    public void Parker_weights_of_each_ray_and_its_conjugate_sum_to_one()
    {
        var random = new Random(12);
        const double Delta = 0.2;
        for (int trial = 0; trial < 2000; trial++)
        {
            double gamma = ((2 * random.NextDouble()) - 1) * Delta;
            double beta = random.NextDouble() * (Math.PI + (2 * Delta));
            double conjugate = beta + Math.PI + (2 * gamma);
            double other = conjugate <= Math.PI + (2 * Delta) ? conjugate : beta - Math.PI + (2 * gamma);
            double sum = ParkerWeights.Weight(beta, gamma, Delta) + ParkerWeights.Weight(other, -gamma, Delta);
            Assert.Equal(1.0, sum, 1e-9);
        }

        Assert.Equal(0, ParkerWeights.Weight(-0.1, 0, Delta));
        Assert.Equal(1, ParkerWeights.Weight(Math.PI / 2, 0, Delta));
    }

    [Theory]
    [InlineData(600, 700, 0.6, "must exceed the source-to-object distance")]
    [InlineData(200, 600, 0, "pixel size")]
    [InlineData(0, 600, 0.6, "source-to-object distance 0 mm")]
    public void Inconsistent_geometry_is_refused_with_what_is_wrong(double sod, double sdd, double pixel, string message)
    {
        var geometry = new ConeGeometry(8, 8, sod == 600 ? 700 : sod, sdd == 700 ? 600 : sdd, pixel, pixel, 0, 0, [0, 90, 180, 270]);
        Assert.Contains(message, Assert.Throws<ArgumentException>(geometry.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_short_a_range_is_refused()
    {
        var geometry = new ConeGeometry(8, 64, 200, 600, 0.6, 0.6, 0, 0, [.. Enumerable.Range(0, 90).Select(k => k * 2.0)]);
        Assert.Contains("plus the fan angle", Assert.Throws<ArgumentException>(geometry.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_tomography_of_a_sample_wider_than_the_field_is_rescued_by_extending_the_truncated_rows()
    {
        // The head 1.5 times wider than the field: every projection is cut off at both edges. The region of interest is
        // off the axis, 40 % of the field across, on voxels half the natural size.
        Phantom wide = Phantoms.SheppLogan(1.5 * Detector * Pixel / (Sdd / Sod) / 2, 2.0);
        (float[] projections, ConeGeometry geometry) = Scan(wide, 360, 180);
        double fieldMm = Detector * geometry.VoxelMm;
        var roi = new ConeGrid((int)(0.4 * Detector * 2), 8, geometry.VoxelMm / 2, CenterXMm: 0.08 * fieldMm, CenterYMm: -0.05 * fieldMm);

        // RMS error, mean error and the mean of error × distance from the region's centre (a rim brighter or darker than
        // the middle), all over the phantom's largest μ in the region.
        (double Rms, double Bias, double Spread) Error(float[] volume)
        {
            double sum = 0, largest = 0, bias = 0, sumRadial = 0;
            int count = 0;
            for (int k = 0; k < roi.Slices; k++)
            {
                for (int i = 0; i < roi.Size; i++)
                {
                    for (int j = 0; j < roi.Size; j++)
                    {
                        double dx = roi.X(j) - roi.CenterXMm, dy = roi.Y(i) - roi.CenterYMm;
                        if ((dx * dx) + (dy * dy) > Math.Pow(0.45 * roi.Size * roi.VoxelMm, 2))
                        {
                            continue;
                        }

                        double truth = wide.AttenuationAt(new Vector3D(roi.X(j), roi.Y(i), roi.Z(k)));
                        double e = volume[(((k * roi.Size) + i) * roi.Size) + j] - truth;
                        sum += e * e;
                        bias += e;
                        sumRadial += e * Math.Sqrt((dx * dx) + (dy * dy));
                        largest = Math.Max(largest, truth);
                        count++;
                    }
                }
            }

            return (Math.Sqrt(sum / count) / largest, bias / count / largest, sumRadial / count / largest);
        }

        var cut = Error(Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, roi));
        var extended = Error(Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, roi, extendTruncated: true));

        // Cut off, the region reads about 5 % high and brighter towards its rim (cupping); extended, both nearly vanish.
        Assert.True(Math.Abs(extended.Bias) < 0.4 * Math.Abs(cut.Bias), $"bias {extended.Bias:P1} extended, {cut.Bias:P1} cut off");
        Assert.True(Math.Abs(extended.Spread) < Math.Abs(cut.Spread) / 3, $"radial trend {extended.Spread:0.000} extended, {cut.Spread:0.000} cut off");
        Assert.True(extended.Rms < cut.Rms, $"RMS error {extended.Rms:P1} extended, {cut.Rms:P1} cut off");
    }

    /// <summary>A tile too big to keep: its three orthogonal slices, back-projected as a slice and two planes, equal the whole volume's there bit for bit, halfway and at the end.</summary>
    [Fact]
    public void Live_fdk_of_three_slices_alone_gives_the_whole_volumes_slices_bit_for_bit()
    {
        (float[] projections, ConeGeometry geometry) = Scan(Head(), 360, 60, offsetU: 0.7);
        var grid = new ConeGrid(Detector, Detector, geometry.VoxelMm);
        var whole = new ConeLiveStage(geometry, grid, ReconstructionFilter.SheppLogan, wholeTile: true);
        var slices = new ConeLiveStage(geometry, grid, ReconstructionFilter.SheppLogan, wholeTile: false);
        int frame = Detector * Detector;
        for (int p = 0; p < geometry.AnglesDeg.Count; p++)
        {
            foreach (ConeLiveStage stage in new[] { whole, slices })
            {
                stage.Apply(projections.AsSpan(p * frame, frame).ToArray(), geometry.AnglesDeg[p], new ReferenceCondition(double.NaN, 0, 0));
            }

            if (p is 29 or 59)
            {
                PreviewSlices expected = whole.Preview();
                PreviewSlices actual = slices.Preview();
                Assert.Equal((expected.Z, expected.Y, expected.X, expected.Projections), (actual.Z, actual.Y, actual.X, actual.Projections));
                Assert.Equal(expected.Axial, actual.Axial);
                Assert.Equal(expected.AtConstantY, actual.AtConstantY);
                Assert.Equal(expected.AtConstantX, actual.AtConstantX);
                Assert.Contains(expected.Axial, v => v != 0);
            }
        }
    }

    [Fact]
    public void Live_fdk_one_projection_at_a_time_ends_with_the_offline_volume()
    {
        (float[] projections, ConeGeometry geometry) = Scan(Head(), 360, 60);
        var grid = new ConeGrid(Detector, Detector, geometry.VoxelMm);
        float[] offline = Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, grid);
        var stage = new ConeLiveStage(geometry, grid, ReconstructionFilter.SheppLogan, wholeTile: true);
        int frame = Detector * Detector;
        PreviewSlices? halfway = null;
        for (int p = 0; p < geometry.AnglesDeg.Count; p++)
        {
            Assert.False(stage.Apply(projections.AsSpan(p * frame, frame).ToArray(), geometry.AnglesDeg[p], new ReferenceCondition(double.NaN, 0, 0)));
            halfway = p == 29 ? stage.Preview() : halfway;
        }

        PreviewSlices done = stage.Preview();

        Assert.Equal(60, stage.ProjectionsAdded);
        Assert.Equal(30, halfway!.Projections);
        float largest = offline.Max();
        int middle = Detector / 2;
        for (int i = 0; i < frame; i++)
        {
            Assert.Equal(offline[(middle * frame) + i], done.Axial[i], largest * 1e-4);
        }

        for (int k = 0; k < Detector; k++)
        {
            for (int j = 0; j < Detector; j++)
            {
                Assert.Equal(offline[(((k * Detector) + middle) * Detector) + j], done.AtConstantY[(k * Detector) + j], largest * 1e-4);
                Assert.Equal(offline[(((k * Detector) + j) * Detector) + middle], done.AtConstantX[(k * Detector) + j], largest * 1e-4);
            }
        }

        // Half the turn, scaled as if it were all: the same structures at about the same values.
        double correlation = Correlation(halfway.Axial, done.Axial);
        Assert.True(correlation > 0.8, $"the half-turn preview correlates {correlation:0.000} with the final slice");
    }

    /// <summary>
    /// Slab by slab from the band of rows each slab sees (as a reconstruction under a memory budget does): the whole
    /// volume, bit for bit, whatever the slab's size, for a full turn, a short scan and an off-axis region of interest
    /// with truncated projections extended.
    /// </summary>
    [Theory]
    [InlineData(1, "full")]
    [InlineData(2, "full")]
    [InlineData(3, "full")]
    [InlineData(4, "full")]
    [InlineData(5, "full")]
    [InlineData(7, "full")]
    [InlineData(11, "full")]
    [InlineData(13, "full")]
    [InlineData(24, "full")]
    [InlineData(3, "short")]
    [InlineData(5, "short")]
    [InlineData(7, "roi")]
    [InlineData(4, "roi")]
    public void Slabs_from_the_bands_they_see_give_the_whole_volume_bit_for_bit(int slabSlices, string scan)
    {
        (float[] projections, ConeGeometry geometry) = scan == "short" ? Scan(Head(), 180 + 22, 60) : Scan(Head(), 360, 60, offsetU: 0.7);
        ConeGrid grid = scan == "roi"
            ? new ConeGrid(40, 30, geometry.VoxelMm / 2, 3.0, -2.0)
            : new ConeGrid(Detector, 24, geometry.VoxelMm);
        bool extend = scan == "roi";
        float[] whole = Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, grid, extendTruncated: extend);
        int[] angles = [.. Enumerable.Range(0, geometry.AnglesDeg.Count)];
        int n = grid.Size;
        var slabbed = new float[whole.Length];
        var bandRows = new List<int>();
        for (int first = 0; first < grid.Slices; first += slabSlices)
        {
            int count = Math.Min(slabSlices, grid.Slices - first);
            DetectorBand band = DetectorBand.ForSlab(geometry, grid, first, count);
            var rows = new float[angles.Length * band.Rows * Detector];
            for (int p = 0; p < angles.Length; p++)
            {
                Array.Copy(projections, ((p * Detector) + band.FirstRow) * Detector, rows, p * band.Rows * Detector, band.Rows * Detector);
            }

            Fdk.WeightAndFilter(rows, geometry, angles, band, ReconstructionFilter.SheppLogan, extendTruncated: extend, into: rows);
            float[] slab = FdkBackprojector.Backproject(rows, geometry, band, grid, first, count, Fdk.Scale(geometry));
            Array.Copy(slab, 0, slabbed, first * n * n, slab.Length);
            bandRows.Add(band.Rows);
        }

        Assert.Equal(whole, slabbed);
        Assert.True(slabSlices == 24 || bandRows.Max() < Detector, $"bands of {string.Join(", ", bandRows)} rows for slabs of {slabSlices} slices");
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(v => (double)v), mb = b.Average(v => (double)v);
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }

        return ab / Math.Sqrt(aa * bb);
    }
}
