using XrayController.Simulators.Physics.Spectral;

namespace XrayController.Simulators.Physics.Tests;

public class XanesPhantomTests
{
    private static readonly XanesPhantom Cluster = NmcClusterBuilder.Build(halfWidthMm: 6e-3, halfHeightMm: 5e-3, particleCount: 3, seed: 8333);

    [Fact]
    public void The_table_gives_xraylibs_nmc532_edge_jump()
    {
        EdgeMaterial nmc = EdgeMaterial.Nmc532;

        // xraylib 4.0: NMC532 total 94.84 cm²/g at 8330 eV and 180.46 at 8350 eV.
        Assert.Equal(0.1 * 4.7 * 94.84, nmc.SmoothPerMm(8330), 0.01);
        Assert.Equal(0.1 * 4.7 * 180.46, nmc.SmoothPerMm(8350) + nmc.EdgePerMm(8350), 0.2);
        Assert.Equal(0.5, nmc.Step(8344.2, 8344.2), 12);
    }

    [Theory]
    [InlineData(8344.0, 0.0)]
    [InlineData(8344.0, 900.0)]
    [InlineData(8338.0, -2500.0)]
    public void The_step_integral_along_a_varying_edge_matches_quadrature(double energyEv, double slopeEvPerMm)
    {
        EdgeMaterial nmc = EdgeMaterial.Nmc532;
        const double S0 = 0.0002, S1 = 0.0031, EdgeAtS0 = 8343.1;
        const int Steps = 20000;
        double sum = 0;
        for (int i = 0; i < Steps; i++)
        {
            double s = S0 + ((i + 0.5) * (S1 - S0) / Steps);
            sum += nmc.Step(energyEv, EdgeAtS0 + (slopeEvPerMm * (s - S0))) * (S1 - S0) / Steps;
        }

        Assert.Equal(sum, nmc.StepIntegral(energyEv, EdgeAtS0, slopeEvPerMm, S0, S1), 1e-9);
    }

    [Fact]
    public void Particles_are_3_to_4_um_with_grains_and_intact_mild_and_severe_cracking()
    {
        Assert.Equal(3, Cluster.Particles.Count);
        Assert.All(Cluster.Particles, p => Assert.InRange(2 * p.RadiusMm * 1000, 3.0, 4.0));
        Assert.Equal([0, 1, 2], Cluster.Particles.Select(p => p.Cracks));
        Assert.All(Cluster.Particles, p => Assert.InRange(Cluster.Grains.Count(g => g.Particle == p.Id), 4, 30));
        Assert.All(Cluster.Grains, g => Assert.InRange(g.EdgeEv, 8342, 8346));
    }

    [Theory]
    [InlineData(8320.0, 30.0)]
    [InlineData(8345.0, 77.0)]
    public void Projected_rays_equal_the_sum_of_mu_along_them(double energyEv, double angleDeg)
    {
        var geometry = new ParallelBeamGeometry(Rows: 100, Columns: 100, PixelSizeMm: 1.2e-4, AxisColumnPx: 49.5, ShiftXMm: 0, ShiftZMm: 0);
        XanesParticle particle = Cluster.Particles[1];
        int row = (int)Math.Round(geometry.CenterRow - (particle.Center.Z / geometry.PixelSizeMm));
        var integrals = new double[geometry.Columns];

        Cluster.ProjectRow(geometry, angleDeg, row, energyEv, integrals);

        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        var direction = new Vector3D(-sin, cos, 0);
        int checkedRays = 0;
        for (int column = 0; column < geometry.Columns; column += 3)
        {
            double t = geometry.DetectorT(column);
            var origin = new Vector3D(t * cos, t * sin, geometry.HeightZ(row));
            const int Steps = 6000;
            const double Half = 7e-3;
            double sum = 0;
            for (int i = 0; i < Steps; i++)
            {
                Vector3D point = origin + ((-Half + ((i + 0.5) * 2 * Half / Steps)) * direction);
                if (Cluster.GrainAt(point) is { } grain)
                {
                    sum += Cluster.Material.AttenuationPerMm(energyEv, grain.EdgeAt(point)) * 2 * Half / Steps;
                }
            }

            Assert.Equal(sum, integrals[column], 0.004);
            checkedRays += sum > 0.01 ? 1 : 0;
        }

        Assert.True(checkedRays > 5, $"only {checkedRays} rays crossed the particle");
    }
}
