using System.Numerics;
using XrayController.Simulators.Physics.Holography;

namespace XrayController.Simulators.Physics.Tests;

public sealed class HolographyTests
{
    private const double Wavelength = 12398.419843e-7 / 33600;

    [Fact]
    public void Propagating_forward_then_back_restores_the_field_and_conserves_power()
    {
        const int N = 64;
        var random = new Random(3);
        var field = new Complex[N * N];
        for (int i = 0; i < field.Length; i++)
        {
            field[i] = Complex.FromPolarCoordinates(0.5 + random.NextDouble(), random.NextDouble() * 6);
        }

        Complex[] original = [.. field];
        double power = field.Sum(v => v.Magnitude * v.Magnitude);
        FresnelPropagator.Propagate(field, N, N, 1e-4, Wavelength, 30);
        Assert.Equal(power, field.Sum(v => v.Magnitude * v.Magnitude), power * 1e-10);
        Assert.True(field.Zip(original).Max(p => (p.First - p.Second).Magnitude) > 0.1, "propagation changed nothing");
        FresnelPropagator.Propagate(field, N, N, 1e-4, Wavelength, -30);
        Assert.True(field.Zip(original).Max(p => (p.First - p.Second).Magnitude) < 1e-10);
    }

    [Fact]
    public void A_weak_phase_grating_gives_the_contrast_transfer_functions_intensity()
    {
        // φ(x) = −ε cos(2π f x) propagated by z: I ≈ 1 − 2ε sin(πλz f²) cos(2π f x) (first order in ε).
        const int N = 128;
        const double Pixel = 1e-4;
        const double Epsilon = 1e-3;
        const double Z = 30;
        double f = 8 / (N * Pixel);
        var field = new Complex[N * N];
        for (int r = 0; r < N; r++)
        {
            for (int c = 0; c < N; c++)
            {
                field[(r * N) + c] = Complex.FromPolarCoordinates(1, -Epsilon * Math.Cos(2 * Math.PI * f * c * Pixel));
            }
        }

        FresnelPropagator.Propagate(field, N, N, Pixel, Wavelength, Z);
        double chi = Math.PI * Wavelength * Z * f * f;
        for (int c = 0; c < N; c++)
        {
            double expected = 1 - (2 * Epsilon * Math.Sin(chi) * Math.Cos(2 * Math.PI * f * c * Pixel));
            Assert.Equal(expected, Math.Pow(field[(5 * N) + c].Magnitude, 2), 2e-6);
        }
    }

    [Fact]
    public void The_refractive_index_table_gives_xraylibs_values_and_refuses_energies_outside_it()
    {
        RefractiveIndex nmc = RefractiveIndexTable.Shared.Of(CathodePiece.NmcMaterial, 33600);
        Assert.Equal(8.336757e-7, nmc.Delta, 1e-12);
        Assert.Equal(5.688927e-9, nmc.Beta, 1e-14);
        RefractiveIndex between = RefractiveIndexTable.Shared.Of(CathodePiece.FoilMaterial, 33650);
        RefractiveIndex low = RefractiveIndexTable.Shared.Of(CathodePiece.FoilMaterial, 33600);
        RefractiveIndex high = RefractiveIndexTable.Shared.Of(CathodePiece.FoilMaterial, 33700);
        Assert.Equal((low.Delta + high.Delta) / 2, between.Delta, 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => RefractiveIndexTable.Shared.Of(CathodePiece.NmcMaterial, 8000));
        Assert.Throws<ArgumentException>(() => RefractiveIndexTable.Shared.Of("gold", 20000));
    }

    [Fact]
    public void The_cathode_pieces_projection_equals_the_sum_of_delta_along_the_ray()
    {
        CathodePiece piece = CathodePieceBuilder.Build(6e-3, -7e-3, 7e-3, 12, seed: 5);
        Assert.True(piece.Particles.Count >= 5, $"only {piece.Particles.Count} particles were packed");
        Assert.Contains(piece.Particles, p => p.Cracks > 0);
        var geometry = new ParallelBeamGeometry(140, 160, 0.1e-3, 79.5, 0, 0);
        var delta = new double[160];
        var beta = new double[160];
        foreach ((int row, double angle) in new[] { (60, 0.0), (100, 37.0), (125, 120.0), (75, 250.0) })
        {
            piece.ProjectRow(geometry, angle, row, 33600, delta, beta);
            (double sin, double cos) = Math.SinCos(angle * Math.PI / 180);
            foreach (int column in new[] { 20, 55, 80, 101, 140 })
            {
                double t = geometry.DetectorT(column);
                double z = geometry.HeightZ(row);
                const int Steps = 6000;
                double ds = 2 * 6e-3 / Steps;
                double sum = 0;
                for (int s = 0; s < Steps; s++)
                {
                    double along = -6e-3 + ((s + 0.5) * ds);
                    sum += piece.DeltaAt(new Vector3D((t * cos) - (along * sin), (t * sin) + (along * cos), z), 33600) * ds;
                }

                Assert.True(Math.Abs(delta[column] - sum) <= 0.01 * Math.Max(sum, 1e-10) + 2e-12, $"row {row}, angle {angle}, column {column}: {delta[column]} vs {sum}");
            }
        }
    }

    [Fact]
    public void Holograms_show_phase_contrast_that_changes_with_distance_and_the_axis_follows_the_magnification()
    {
        CathodePiece piece = CathodePieceBuilder.Build(5e-3, -6e-3, 6e-3, 8, seed: 2);
        var renderer = new HolotomoRenderer(piece, 256, 256, 2.4e-3, 1208, 128.5, 35, new DetectorNoise(100, 4, 0.1, 65535), seed: 1);
        double[] near = renderer.Hologram(0, 35, 0, 0, 2, 33600);
        double[] far = renderer.Hologram(0, 41, 0, 0, 2, 33600);
        Assert.Equal(128 * 128, near.Length);
        Assert.Equal(1, near[0], 0.02);
        Assert.True(Contrast(far) > 0.01 && Contrast(near) > 0.01, $"contrast {Contrast(near)}, {Contrast(far)}");
        Assert.True(Contrast([.. near.Zip(far, (a, b) => a - b)]) > 0.005, "the holograms at 35 and 41 mm are alike");
        Assert.Equal(33.99, HolotomoRenderer.EffectiveDistanceMm(35, 1208), 0.01);
        Assert.Equal(1208 / 35.0, HolotomoRenderer.Magnification(35, 1208), 1e-12);
        Assert.Equal(63.5 + (0.5 * 35 / 41), renderer.AxisColumn(41, 2), 1e-9);
    }

    [Fact]
    public void Source_size_and_detector_blur_smooth_the_fringes_and_keep_the_mean()
    {
        CathodePiece piece = CathodePieceBuilder.Build(5e-3, -6e-3, 6e-3, 8, seed: 2);
        HolotomoRenderer Renderer(HologramBlur blur) => new(piece, 256, 256, 2.4e-3, 1208, 128.5, 35, new DetectorNoise(100, 4, 0.1, 65535), seed: 1) { Blur = blur };
        double[] sharp = Renderer(new HologramBlur(0, 0)).Hologram(30, 37, 0, 0, 2, 33600);
        double[] detector = Renderer(new HologramBlur(0, 1.5)).Hologram(30, 37, 0, 0, 2, 33600);
        double[] source = Renderer(new HologramBlur(0.3e-3, 0)).Hologram(30, 37, 0, 0, 2, 33600);

        Assert.Equal(sharp.Average(), detector.Average(), 0.005 * sharp.Average());
        Assert.Equal(sharp.Average(), source.Average(), 0.005 * sharp.Average());
        Assert.True(Contrast(detector) < 0.9 * Contrast(sharp), $"detector blur: contrast {Contrast(detector):F4} of {Contrast(sharp):F4}");
        Assert.True(Contrast(source) < 0.9 * Contrast(sharp), $"source size: contrast {Contrast(source):F4} of {Contrast(sharp):F4}");
    }

    private static double Contrast(double[] image)
    {
        double mean = image.Average();
        return Math.Sqrt(image.Average(v => (v - mean) * (v - mean)));
    }
}
