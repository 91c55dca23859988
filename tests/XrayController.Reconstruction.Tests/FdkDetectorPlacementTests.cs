using XrayController.Core.Plans;
using XrayController.Reconstruction.Cone;
using XrayController.Simulators.Physics;
using static XrayController.Reconstruction.Tests.FdkScans;

namespace XrayController.Reconstruction.Tests;

/// <summary>FDK with the detector placed otherwise than centred and upright: shifted, turned in its plane, offset for a half-acquisition; and where projection matrices put a point.</summary>
public sealed class FdkDetectorPlacementTests
{
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

        double error = RelativeError(Fdk.Reconstruct(projections, tilted, ReconstructionFilter.SheppLogan, grid), grid, beads, 8, 40);
        double ignored = RelativeError(Fdk.Reconstruct(projections, geometry, ReconstructionFilter.SheppLogan, grid), grid, beads, 8, 40);
        double reference = RelativeError(Fdk.Reconstruct(upright, geometry, ReconstructionFilter.SheppLogan, grid), grid, beads, 8, 40);

        Assert.True(error < 1.1 * reference && error < ignored / 2, $"relative RMS error {error:P1} through the tilted matrices, {ignored:P1} ignoring the tilt, {reference:P1} for an upright panel");
    }

    /// <summary>
    /// A half-acquisition: a panel of 58 columns with the central ray 9.5 columns from its left edge sees, over a full
    /// turn, the field a centred panel of 96 columns sees. With Wang's redundancy weights on the panel widened to 96
    /// columns (the filtered rays spread past the near edge) its volume is as close to the phantom as the centred
    /// panel's and within 6 % of that volume (on the measured 58 columns alone it was 23 % off, a halo outside the
    /// overlap); reconstructed as an ordinary full turn, the half the near side misses shows.
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
        ConeGeometry half = geometry.AsHalfAcquisition();
        Assert.Equal(10 * Pixel, half.OverlapHalfWidthMm, 9);
        Assert.Equal((96, (38, 58), 47.5), (half.Columns, half.Measured, half.PrincipalColumn));

        float[] centredVolume = Fdk.Reconstruct(centred, full, ReconstructionFilter.SheppLogan, grid);
        float[] weightedVolume = Fdk.Reconstruct(half.Widen(offsetScan, 180, Detector), half, ReconstructionFilter.SheppLogan, grid);
        float[] unweightedVolume = Fdk.Reconstruct(offsetScan, geometry, ReconstructionFilter.SheppLogan, grid);
        double reference = RelativeError(centredVolume, grid, phantom, 6, 10);
        double weighted = RelativeError(weightedVolume, grid, phantom, 6, 10);
        int[] inside = [.. Enumerable.Range(6 * Detector * Detector, 4 * Detector * Detector).Where(v => Math.Pow(grid.X(v % Detector), 2) + Math.Pow(grid.Y(v / Detector % Detector), 2) < Math.Pow(0.45 * Detector * grid.VoxelMm, 2))];
        double Apart(float[] volume) => Math.Sqrt(inside.Sum(v => Math.Pow(volume[v] - centredVolume[v], 2)) / inside.Sum(v => Math.Pow(centredVolume[v], 2)));

        Assert.True(weighted < 1.03 * reference, $"relative RMS error {weighted:P2} with half-acquisition weights, {reference:P2} for the centred panel");
        Assert.True(Apart(weightedVolume) < 0.06 && Apart(unweightedVolume) > 0.3, $"RMS difference from the centred panel's volume {Apart(weightedVolume):P1} with the weights, {Apart(unweightedVolume):P1} without");
        Assert.Contains("covers a full turn", Assert.Throws<ArgumentException>(() => (half with { AnglesDeg = [.. half.AnglesDeg.Take(120)] }).Validate()).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The axis of a half-acquisition is found where it lies, 9.5 or 6.5 columns from either edge of a 58-column panel:
    /// the search covers the whole panel and weighs each candidate's mismatch against its pairs' signal, so the air at
    /// the far edge, which matches itself as well as noise allows, does not win.
    /// </summary>
    [Theory]
    [InlineData(9.5)]
    [InlineData(51.0)]
    public void The_axis_of_a_half_acquisition_is_found_near_the_panels_edge(double axisColumn)
    {
        const int Columns = 58;
        (float[] projections, ConeGeometry geometry) = Scan(Head(), 360, 180, offsetU: axisColumn - ((Columns - 1) / 2.0), columns: Columns);
        var sinogram = new float[180 * Columns];
        for (int p = 0; p < 180; p++)
        {
            Array.Copy(projections, ((p * Detector) + (Detector / 2)) * Columns, sinogram, p * Columns, Columns);
        }

        Assert.Equal(axisColumn, ConeCenter.Find(sinogram, Columns, geometry.AnglesDeg, Pixel, Sdd), 0.1);
    }

    /// <summary>Each redundant pair of half-acquisition weights sums to one; past the overlap the far side weighs 1 and the near side is not measured.</summary>
    [Theory]
    [InlineData(9.5)]
    [InlineData(48.5)]
    public void Half_acquisition_weights_of_a_ray_and_its_mirror_sum_to_one(double principalColumn)
    {
        ConeGeometry geometry = new ConeGeometry(8, 58, 100, 300, 1.2, 1.2, principalColumn - 28.5, 0, [0, 180]).AsHalfAcquisition();
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
}
