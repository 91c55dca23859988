namespace XrayController.Simulators.Physics.Tests;

public class EllipsoidTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.99)]
    [InlineData(1.2)]
    public void Chord_through_a_sphere_is_twice_the_half_chord(double distance)
    {
        var sphere = new Ellipsoid(new Vector3D(1, 2, 3), new Vector3D(1, 1, 1), 0, 0, 1);
        double expected = distance < 1 ? 2 * Math.Sqrt(1 - (distance * distance)) : 0;

        double chord = sphere.ChordLengthMm(new Vector3D(1 + distance, -5, 3), new Vector3D(0, 1, 0));

        Assert.Equal(expected, chord, 12);
    }

    [Fact]
    public void Chord_along_each_axis_of_an_unrotated_ellipsoid_is_twice_the_semi_axis()
    {
        var ellipsoid = new Ellipsoid(new Vector3D(0, 0, 0), new Vector3D(0.5, 1.5, 2.5), 0, 0, 1);

        Assert.Equal(1.0, ellipsoid.ChordLengthMm(new Vector3D(-9, 0, 0), new Vector3D(1, 0, 0)), 12);
        Assert.Equal(3.0, ellipsoid.ChordLengthMm(new Vector3D(0, -9, 0), new Vector3D(0, 1, 0)), 12);
        Assert.Equal(5.0, ellipsoid.ChordLengthMm(new Vector3D(0, 0, -9), new Vector3D(0, 0, 1)), 12);
    }

    [Fact]
    public void A_turn_of_90_degrees_swaps_the_x_and_y_semi_axes()
    {
        var turned = new Ellipsoid(new Vector3D(0, 0, 0), new Vector3D(0.5, 1.5, 2.5), 90, 0, 1);

        Assert.Equal(3.0, turned.ChordLengthMm(new Vector3D(-9, 0, 0), new Vector3D(1, 0, 0)), 12);
        Assert.Equal(1.0, turned.ChordLengthMm(new Vector3D(0, -9, 0), new Vector3D(0, 1, 0)), 12);
    }

    [Theory]
    [InlineData(30, 20, 0.1, 0.2, 0.05)]
    [InlineData(-75, 60, -0.3, 0.1, 0.4)]
    [InlineData(10, 85, 0.0, 0.0, 0.0)]
    public void Closed_form_chord_matches_numerical_integration_for_oblique_ellipsoids(double turnDeg, double tiltDeg, double ox, double oz, double dz)
    {
        var ellipsoid = new Ellipsoid(new Vector3D(0.1, -0.2, 0.05), new Vector3D(0.4, 1.1, 0.7), turnDeg, tiltDeg, 1);
        double norm = Math.Sqrt(1 + (dz * dz) + 0.04);
        var direction = new Vector3D(0.2 / norm, 1 / norm, dz / norm);
        var origin = new Vector3D(ox, -3, oz);

        double numerical = NumericalChord(ellipsoid, origin, direction, step: 1e-5);

        Assert.Equal(numerical, ellipsoid.ChordLengthMm(origin, direction), 4);
    }

    private static double NumericalChord(Ellipsoid ellipsoid, Vector3D origin, Vector3D direction, double step)
    {
        int inside = 0;
        for (double t = 0; t < 6; t += step)
        {
            if (ellipsoid.Contains(origin + ((t + (step / 2)) * direction)))
            {
                inside++;
            }
        }

        return inside * step;
    }
}
