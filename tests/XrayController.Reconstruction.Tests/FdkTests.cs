using XrayController.Core.Plans;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators.Physics;

namespace XrayController.Reconstruction.Tests;

public sealed class FdkTests
{
    private const int Detector = 96;
    private const double Sod = 100;
    private const double Sdd = 300;
    private const double Pixel = 1.2;

    /// <summary>The modified 3D Shepp–Logan phantom filling 60 % of the field at the axis; a wide fan (half angle 10.9°) so that short-scan weights matter.</summary>
    private static Phantom Head() => Phantoms.SheppLogan(0.6 * Detector * Pixel / (Sdd / Sod) / 2, 2.0);

    private static (float[] Projections, ConeGeometry Geometry) Scan(Phantom phantom, double rangeDeg, int count, double offsetU = 0, double tiltDeg = 0, int columns = Detector)
    {
        double[] angles = [.. Enumerable.Range(0, count).Select(k => rangeDeg * k / count)];
        var projections = new float[count * Detector * columns];
        for (int p = 0; p < count; p++)
        {
            double[] values = ConeBeamProjector.Project(phantom, angles[p], Detector, columns, Sod, Sdd, Pixel, Pixel, offsetU, detectorTiltDeg: tiltDeg);
            for (int i = 0; i < values.Length; i++)
            {
                projections[(p * values.Length) + i] = (float)values[i];
            }
        }

        return (projections, new ConeGeometry(Detector, columns, Sod, Sdd, Pixel, Pixel, offsetU, 0, angles));
    }

    /// <summary>RMS error against the phantom over the middle slices inside 90 % of the field's radius, relative to the phantom's largest μ.</summary>
    private static double RelativeError(float[] volume, ConeGrid grid, Phantom phantom, int firstSlice, int endSlice)
    {
        double sum = 0, largest = 0;
        int count = 0;
        for (int k = firstSlice; k < endSlice; k++)
        {
            for (int i = 0; i < grid.Size; i++)
            {
                for (int j = 0; j < grid.Size; j++)
                {
                    double x = grid.X(j), y = grid.Y(i);
                    if ((x * x) + (y * y) > Math.Pow(0.45 * grid.Size * grid.VoxelMm, 2))
                    {
                        continue;
                    }

                    double truth = phantom.AttenuationAt(new Vector3D(x, y, grid.Z(k)));
                    double error = volume[(((k * grid.Size) + i) * grid.Size) + j] - truth;
                    sum += error * error;
                    largest = Math.Max(largest, truth);
                    count++;
                }
            }
        }

        return Math.Sqrt(sum / count) / largest;
    }

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

    [Fact]
    public void A_shifted_detector_is_followed_through_its_principal_point()
    {
        Phantom phantom = Head();
        (float[] projections, ConeGeometry geometry) = Scan(phantom, 360, 120, offsetU: 3.5);
        var grid = new ConeGrid(Detector, 16, geometry.VoxelMm);

        double error = RelativeError(Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, grid), grid, phantom, 6, 10);
        double ignored = RelativeError(Fdk.Reconstruct(projections, geometry with { OffsetUPx = 0 }, ReconstructionFilter.SheppLogan, grid), grid, phantom, 6, 10);

        Assert.True(error < 0.1 && error < ignored / 2, $"relative RMS error {error:P1} with the offset, {ignored:P1} ignoring it");
    }

    /// <summary>
    /// A detector turned 8° in its plane (the projector places each pixel on the turned panel), four beads off the axis:
    /// back-projected through the turned panel's matrices, the volume is as good as an upright panel's; taken for
    /// upright, the beads smear along the turned rows.
    /// The same matrices also reproduce the upright scan's volume when the turn is 0.
    /// </summary>
    [Fact]
    public void A_tilted_detector_is_reconstructed_through_its_projection_matrices()
    {
        double field = Detector * Pixel / (Sdd / Sod);
        Ellipsoid Bead(double x, double y, double z) => new(new Vector3D(x * field, y * field, z * field), new Vector3D(0.04 * field, 0.04 * field, 0.04 * field), 0, 0, 1);
        var beads = new Phantom("beads", [Bead(0.3, 0, 0.1), Bead(-0.25, 0.1, -0.1), Bead(0, -0.3, 0), Bead(0.1, 0.2, 0.15)]);
        (float[] projections, ConeGeometry geometry) = Scan(beads, 360, 120, tiltDeg: 8);
        (float[] upright, _) = Scan(beads, 360, 120);
        var grid = new ConeGrid(Detector, 48, geometry.VoxelMm);
        ConeGeometry tilted = geometry with { Matrices = [.. geometry.AnglesDeg.Select(a => ProjectionMatrix.Circular(geometry, a, 8))] };
        ConeGeometry stated = geometry with { Matrices = [.. geometry.AnglesDeg.Select(a => ProjectionMatrix.Circular(geometry, a, 0))] };

        double error = RelativeError(Fdk.Reconstruct(projections, tilted, ReconstructionFilter.SheppLogan, grid), grid, beads, 8, 40);
        double ignored = RelativeError(Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, grid), grid, beads, 8, 40);
        double reference = RelativeError(Fdk.Reconstruct(upright, geometry, ReconstructionFilter.SheppLogan, grid), grid, beads, 8, 40);

        Assert.True(error < 1.1 * reference && error < ignored / 2, $"relative RMS error {error:P1} through the tilted matrices, {ignored:P1} ignoring the tilt, {reference:P1} for an upright panel");
        Assert.Equal(Fdk.Reconstruct(upright, geometry, ReconstructionFilter.SheppLogan, grid), Fdk.Reconstruct(upright, stated, ReconstructionFilter.SheppLogan, grid));
    }

    /// <summary>
    /// A half-acquisition: a panel of 58 columns with the central ray 9.5 columns from its left edge sees, over a full
    /// turn, the field a centred panel of 96 columns sees. With Wang's redundancy weights its volume is as close to the
    /// phantom as the centred panel's; reconstructed as an ordinary full turn, the half the near side misses shows.
    /// </summary>
    [Fact]
    public void A_half_acquisition_with_an_offset_detector_reconstructs_as_a_centred_panel_of_its_field_does()
    {
        Phantom phantom = Head();
        const int Columns = 58;
        double offset = 9.5 - ((Columns - 1) / 2.0);
        (float[] centred, ConeGeometry full) = Scan(phantom, 360, 180);
        (float[] offsetScan, ConeGeometry geometry) = Scan(phantom, 360, 180, offsetU: offset, columns: Columns);
        var grid = new ConeGrid(Detector, 16, full.VoxelMm);
        ConeGeometry half = geometry with { HalfAcquisition = true };
        Assert.Equal(10 * Pixel, half.OverlapHalfWidthMm, 9);

        float[] centredVolume = Fdk.Reconstruct(centred, full, ReconstructionFilter.SheppLogan, grid);
        float[] weightedVolume = Fdk.Reconstruct(offsetScan, half, ReconstructionFilter.SheppLogan, grid);
        float[] unweightedVolume = Fdk.Reconstruct(offsetScan, geometry, ReconstructionFilter.SheppLogan, grid);
        double reference = RelativeError(centredVolume, grid, phantom, 6, 10);
        double weighted = RelativeError(weightedVolume, grid, phantom, 6, 10);
        int[] inside = [.. Enumerable.Range(6 * Detector * Detector, 4 * Detector * Detector).Where(v => Math.Pow(grid.X(v % Detector), 2) + Math.Pow(grid.Y(v / Detector % Detector), 2) < Math.Pow(0.45 * Detector * grid.VoxelMm, 2))];
        double Apart(float[] volume) => Math.Sqrt(inside.Sum(v => Math.Pow(volume[v] - centredVolume[v], 2)) / inside.Sum(v => Math.Pow(centredVolume[v], 2)));

        Assert.True(weighted < 1.15 * reference, $"relative RMS error {weighted:P1} with half-acquisition weights, {reference:P1} for the centred panel");
        Assert.True(Apart(weightedVolume) < Apart(unweightedVolume) / 2, $"RMS difference from the centred panel's volume {Apart(weightedVolume):P1} with the weights, {Apart(unweightedVolume):P1} without");
        Assert.Contains("covers a full turn", Assert.Throws<ArgumentException>(() => (half with { AnglesDeg = [.. half.AnglesDeg.Take(120)] }).Validate()).Message, StringComparison.Ordinal);
    }

    /// <summary>Each redundant pair of half-acquisition weights sums to one; past the overlap the far side weighs 1 and the near side is not measured.</summary>
    [Theory]
    [InlineData(9.5)]
    [InlineData(48.5)]
    public void Half_acquisition_weights_of_a_ray_and_its_mirror_sum_to_one(double principalColumn)
    {
        var geometry = new ConeGeometry(8, 58, 100, 300, 1.2, 1.2, principalColumn - 28.5, 0, [0, 180]) { HalfAcquisition = true };
        double overlap = geometry.OverlapHalfWidthMm;
        double far = principalColumn < 28.5 ? 1 : -1;
        foreach (double u in new[] { 0, 0.3, 2.5, 7.1, overlap - 0.01 })
        {
            Assert.Equal(1, HalfAcquisitionWeights.Weight(u, geometry) + HalfAcquisitionWeights.Weight(-u, geometry), 12);
        }

        Assert.Equal(0.5, HalfAcquisitionWeights.Weight(0, geometry), 12);
        Assert.Equal(1, HalfAcquisitionWeights.Weight(far * (overlap + 3), geometry));
        Assert.Equal(0, HalfAcquisitionWeights.Weight(-far * (overlap + 3), geometry));
    }

    /// <summary>Matrices map points to the pixels the scan's stated convention gives (a hand-worked point), tilted or not.</summary>
    [Theory]
    [InlineData(0, 0)]
    [InlineData(37, 0)]
    [InlineData(200, 5)]
    public void A_known_point_projects_to_its_known_pixel(double angleDeg, double tiltDeg)
    {
        var geometry = new ConeGeometry(40, 60, 100, 300, 0.5, 0.4, 1.5, -2, [0, 180]);
        (double x, double y, double z) = (3, -2, 5);
        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        double depth = 100 + (-x * sin) + (y * cos);
        double u = ((x * cos) + (y * sin)) * 300 / depth;
        double v = z * 300 / depth;
        (double tiltSin, double tiltCos) = Math.SinCos(tiltDeg * Math.PI / 180);
        double column = 29.5 + 1.5 + (((u * tiltCos) + (v * tiltSin)) / 0.5);
        double row = 19.5 - 2 - (((-u * tiltSin) + (v * tiltCos)) / 0.4);

        (double c, double r, double w) = ProjectionMatrix.Circular(geometry, angleDeg, tiltDeg).Project(x, y, z);

        Assert.Equal(column, c, 1e-9);
        Assert.Equal(row, r, 1e-9);
        Assert.Equal(depth, w, 1e-9);
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
