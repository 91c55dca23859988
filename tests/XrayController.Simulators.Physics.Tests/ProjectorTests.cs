namespace XrayController.Simulators.Physics.Tests;

public class ProjectorTests
{
    private static readonly ParallelBeamGeometry Geometry = new(Rows: 32, Columns: 48, PixelSizeMm: 0.01, AxisColumnPx: 23.75, ShiftXMm: 0, ShiftZMm: 0);

    [Theory]
    [InlineData(0)]
    [InlineData(37.5)]
    [InlineData(90)]
    [InlineData(211)]
    public void Projection_of_an_off_centre_sphere_matches_the_closed_form_chord(double angleDeg)
    {
        var center = new Vector3D(0.05, -0.04, 0.03);
        const double Radius = 0.12;
        const double Mu = 2.5;
        var phantom = new Phantom("sphere", [new Ellipsoid(center, new Vector3D(Radius, Radius, Radius), 0, 0, Mu)]);
        var projection = new double[Geometry.Rows * Geometry.Columns];

        ParallelBeamProjector.Project(phantom, Geometry, angleDeg, projection);

        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        for (int row = 0; row < Geometry.Rows; row++)
        {
            for (int column = 0; column < Geometry.Columns; column++)
            {
                double dt = Geometry.DetectorT(column) - ((center.X * cos) + (center.Y * sin));
                double dz = Geometry.HeightZ(row) - center.Z;
                double squared = (Radius * Radius) - (dt * dt) - (dz * dz);
                double expected = squared > 0 ? Mu * 2 * Math.Sqrt(squared) : 0;
                Assert.Equal(expected, projection[(row * Geometry.Columns) + column], 10);
            }
        }
    }

    [Fact]
    public void Moving_the_sample_stage_shifts_the_projection_by_whole_pixels()
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 0.2, maxLineIntegral: 1.5);
        var still = new double[Geometry.Rows * Geometry.Columns];
        var moved = new double[Geometry.Rows * Geometry.Columns];

        ParallelBeamProjector.Project(phantom, Geometry, 30, still);
        ParallelBeamProjector.Project(phantom, Geometry with { ShiftXMm = 3 * Geometry.PixelSizeMm, ShiftZMm = 2 * Geometry.PixelSizeMm }, 30, moved);

        // Raised by two pixels: what the still stage showed two rows lower now shows here; moved right by three columns.
        for (int row = 0; row < Geometry.Rows - 2; row++)
        {
            for (int column = 3; column < Geometry.Columns; column++)
            {
                Assert.Equal(still[((row + 2) * Geometry.Columns) + column - 3], moved[(row * Geometry.Columns) + column], 9);
            }
        }
    }

    /// <summary>
    /// The centring stages ride on the rotation stage: centred on the point (0.3, −0.2) mm of a sphere that sits there,
    /// the cone-beam projection at every angle is the projection of the same sphere on the axis.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(73)]
    [InlineData(200)]
    public void The_centring_stages_put_the_point_they_name_on_the_rotation_axis(double angleDeg)
    {
        static Phantom Sphere(double x, double y) => new("sphere", [new Ellipsoid(new Vector3D(x, y, 0), new Vector3D(0.1, 0.1, 0.1), 0, 0, 2)]);

        double[] centred = ConeBeamProjector.Project(Sphere(0, 0), angleDeg, 16, 24, 50, 245, 0.05, 0.05);
        double[] offAxis = ConeBeamProjector.Project(Sphere(0.3, -0.2), angleDeg, 16, 24, 50, 245, 0.05, 0.05, centringXMm: 0.3, centringYMm: -0.2);
        double[] uncentred = ConeBeamProjector.Project(Sphere(0.3, -0.2), angleDeg, 16, 24, 50, 245, 0.05, 0.05);

        Assert.Equal(centred, offAxis, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.NotEqual(centred, uncentred, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void A_sample_moved_far_out_of_the_beam_leaves_an_open_field()
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 0.2, maxLineIntegral: 1.5);
        var projection = new double[Geometry.Rows * Geometry.Columns];

        ParallelBeamProjector.Project(phantom, Geometry with { ShiftXMm = 2.0 }, 0, projection);

        Assert.All(projection, value => Assert.Equal(0, value));
    }

    /// <summary>At a higher magnification the pixel at the sample shrinks, so a sphere's shadow spans proportionally more columns.</summary>
    [Fact]
    public void A_higher_magnification_widens_the_shadow_in_proportion()
    {
        var sphere = new Phantom("sphere", [new Ellipsoid(new Vector3D(0, 0, 0), new Vector3D(0.1, 0.1, 0.1), 0, 0, 20)]);
        var renderer = new ParallelBeamRenderer(sphere, 8, 200, 0.002, 99.5, new DetectorNoise(0, 0, 0, 65535), seed: 1);

        double Width(double scale)
        {
            ushort[] counts = renderer.Render(0, 0, 0, 10000, 1, frameSeed: 1, magnificationScale: scale);
            return Enumerable.Range(0, 200).Count(c => counts[(4 * 200) + c] < 5000);
        }

        Assert.Equal(Width(1) * 1.2, Width(1.2), 2.0);
    }
}
