namespace XrayController.Simulators.Physics.Tests;

public class PhantomTests
{
    [Fact]
    public void Shepp_logan_is_scaled_to_about_the_requested_largest_line_integral()
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 0.5, maxLineIntegral: 1.5);
        double largest = 0;
        for (int angle = 0; angle < 180; angle++)
        {
            (double sin, double cos) = Math.SinCos(angle * Math.PI / 180);
            for (int i = 0; i < 1000; i++)
            {
                double t = (((i / 999.0) * 2) - 1) * 0.5;
                largest = Math.Max(largest, phantom.LineIntegral(new Vector3D(t * cos, t * sin, 0), new Vector3D(-sin, cos, 0)));
            }
        }

        Assert.InRange(largest, 1.5, 1.5 * 1.05);
    }

    [Fact]
    public void Central_slice_carries_the_modified_shepp_logan_contrasts()
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 1.0, maxLineIntegral: 1.0);
        double skull = phantom.AttenuationAt(new Vector3D(0, 0.90 * 0.95, 0));
        double brain = phantom.AttenuationAt(new Vector3D(0, 0, 0));
        double ventricle = phantom.AttenuationAt(new Vector3D(0, 0.35 * 0.95, 0));

        Assert.Equal(0.2, brain / skull, 12);
        Assert.Equal(0.3, ventricle / skull, 12);
        Assert.Equal(0, phantom.AttenuationAt(new Vector3D(0.9, 0.9, 0)));
    }

    [Fact]
    public void Battery_particles_do_not_overlap_and_cracks_never_make_attenuation_negative()
    {
        Phantom phantom = Phantoms.Battery(halfWidthMm: 1.0, maxLineIntegral: 2.0, seed: 7);
        Ellipsoid[] particles = [.. phantom.Ellipsoids.Skip(1).Where(e => e.AttenuationPerMm > 0)];
        var random = new Random(3);

        Assert.True(particles.Length >= 8, $"only {particles.Length} particles placed");
        Assert.Contains(phantom.Ellipsoids, e => e.AttenuationPerMm < 0);
        for (int i = 0; i < particles.Length; i++)
        {
            for (int j = i + 1; j < particles.Length; j++)
            {
                Assert.True((particles[i].Center - particles[j].Center).Length > particles[i].SemiAxesMm.X + particles[j].SemiAxesMm.X);
            }
        }

        for (int i = 0; i < 20000; i++)
        {
            var point = new Vector3D((2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1);
            Assert.True(phantom.AttenuationAt(point) >= -1e-12);
        }
    }

    [Fact]
    public void Battery_phantom_is_the_same_for_the_same_seed()
    {
        Phantom a = Phantoms.Battery(1.0, 2.0, seed: 11);
        Phantom b = Phantoms.Battery(1.0, 2.0, seed: 11);

        Assert.Equal(a.Ellipsoids.Select(e => (e.Center, e.SemiAxesMm, e.AttenuationPerMm)), b.Ellipsoids.Select(e => (e.Center, e.SemiAxesMm, e.AttenuationPerMm)));
    }
}
