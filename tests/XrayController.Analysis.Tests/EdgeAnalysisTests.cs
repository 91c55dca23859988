using XrayController.Analysis.Xanes;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Tests;

public class EdgeAnalysisTests
{
    private static readonly double[] Energies = NiEdgeSpectra.PresetEnergies;

    [Fact]
    public void The_preset_grid_has_63_energies_from_8178_to_8570_eV()
    {
        Assert.Equal(63, Energies.Length);
        Assert.Equal(8178, Energies[0]);
        Assert.Equal(8570, Energies[^1]);
    }

    [Theory]
    [InlineData(8342.0)]
    [InlineData(8343.37)]
    [InlineData(8345.8)]
    public void A_noise_free_edge_is_found_where_it_is(double edgeEv)
    {
        var normaliser = new EdgeNormaliser(Energies, 8344, new EdgeWindows(), "test");
        double[] spectrum = [.. Energies.Select(e => NiEdgeSpectra.Attenuation(e, edgeEv, 0.05))];
        (double[] normalised, double step) = normaliser.Normalise(spectrum);
        (double half, double derivative) = new EdgePosition(normaliser.EdgeEnergiesEv).Find(normalised, new double[2 * normalised.Length]);

        Assert.InRange(half - edgeEv, -0.04, 0.04);
        Assert.InRange(derivative - edgeEv, -0.1, 0.1);
        Assert.InRange(step, 0.048, 0.051);
    }

    [Fact]
    public void The_vectorised_map_matches_one_spectrum_at_a_time()
    {
        var random = new Random(5);
        float[] edges = [.. Enumerable.Range(0, 517).Select(_ => (float)(8342 + (4 * random.NextDouble())))];
        SpectralStack stack = NiEdgeSpectra.Stack(Energies, edges, 0.05, 0.05, seed: 6);
        var normaliser = new EdgeNormaliser(Energies, 8344, new EdgeWindows(), "test");

        EdgeMaps maps = new EdgeMapper(normaliser).Map(stack);

        for (int i = 0; i < edges.Length; i += 37)
        {
            (double[] normalised, double step) = normaliser.Normalise([.. stack.Volumes.Select(v => (double)v[i])]);
            (double half, double derivative) = new EdgePosition(normaliser.EdgeEnergiesEv).Find(normalised, new double[2 * normalised.Length]);
            Assert.Equal(half, maps.HalfHeightEv[i], 0.01);
            Assert.Equal(derivative, maps.MaxDerivativeEv[i], 0.01);
            Assert.Equal(step, maps.Step[i], 1e-5);
        }
    }

    [Fact]
    public void With_noise_of_4_percent_of_the_jump_the_edge_is_within_a_quarter_eV_rms()
    {
        var random = new Random(11);
        float[] edges = [.. Enumerable.Range(0, 4000).Select(_ => (float)(8342 + (4 * random.NextDouble())))];
        SpectralStack stack = NiEdgeSpectra.Stack(Energies, edges, 0.05, 0.04, seed: 12);

        EdgeMaps maps = new EdgeMapper(new EdgeNormaliser(Energies, 8344, new EdgeWindows(), "test")).Map(stack);

        double rms = Math.Sqrt(edges.Select((e, i) => Math.Pow(maps.HalfHeightEv[i] - e, 2)).Average());
        Assert.InRange(rms, 0, 0.25);
    }

    [Fact]
    public void A_voxel_with_a_nan_anywhere_has_no_edge()
    {
        SpectralStack stack = NiEdgeSpectra.Stack(Energies, [8343f, 8344f, 8345f], 0.05, 0, seed: 1);
        stack.Volumes[3][1] = float.NaN;
        stack.Volumes[30][2] = float.NaN;

        EdgeMaps maps = new EdgeMapper(new EdgeNormaliser(Energies, 8344, new EdgeWindows(), "test")).Map(stack);

        Assert.InRange(maps.HalfHeightEv[0], 8342.95, 8343.05);
        Assert.True(float.IsNaN(maps.HalfHeightEv[1]) && float.IsNaN(maps.MaxDerivativeEv[1]) && float.IsNaN(maps.Step[1]));
        Assert.True(float.IsNaN(maps.HalfHeightEv[2]) && float.IsNaN(maps.MaxDerivativeEv[2]));
    }

    [Fact]
    public void Too_few_pre_edge_points_say_how_many_are_needed()
    {
        double[] energies = [8300, 8310, .. Enumerable.Range(0, 37).Select(i => 8322.0 + i), 8380, 8400, 8450, 8500];

        var error = Assert.Throws<InputException>(() => new EdgeNormaliser(energies, 8344, new EdgeWindows(), "scan.h5"));

        Assert.Contains("scan.h5", error.Message);
        Assert.Contains("pre-edge range [E0-200 eV, E0-30 eV] holds 2 energies; 3 are needed", error.Message);
    }

    [Fact]
    public void Too_few_post_edge_points_say_how_many_are_needed()
    {
        double[] energies = [.. Energies.Where(e => e < 8500)];

        var error = Assert.Throws<InputException>(() => new EdgeNormaliser(energies, 8344, new EdgeWindows(PostStartEv: 100), "scan.h5"));

        Assert.Contains("post-edge range [E0+100 eV, E0+1000 eV] holds 3 energies; 4 are needed for its order-2 polynomial", error.Message);
    }

    [Theory]
    [InlineData(8200.0, "repeats")]
    [InlineData(8150.0, "is below")]
    public void Energies_that_do_not_rise_are_refused(double second, string what)
    {
        var error = Assert.Throws<InputException>(() => new SpectralStack([8200, second, 8300], new VolumeShape(1, 1, 1), [[1f], [1f], [1f]], 0.1, "recon.h5"));

        Assert.Contains($"recon.h5: energy [1] = {second} eV {what} energy [0] = 8200 eV", error.Message);
    }

    [Fact]
    public void The_predicted_noise_of_each_edge_energy_matches_the_scatter_of_the_estimates()
    {
        float[] edges = [.. Enumerable.Repeat(8344.3f, 4000)];
        SpectralStack stack = NiEdgeSpectra.Stack(Energies, edges, 0.05, 0.04, seed: 21);

        EdgeMaps maps = new EdgeMapper(new EdgeNormaliser(Energies, 8344, new EdgeWindows(), "test")).Map(stack);

        double[] found = [.. maps.HalfHeightEv.Where(float.IsFinite).Select(e => (double)e)];
        double observed = found.Select(e => Math.Pow(e - found.Average(), 2)).Average();
        double predicted = maps.HalfHeightVarianceEv2.Where(float.IsFinite).Average(v => (double)v);
        Assert.InRange(predicted / observed, 0.8, 1.25);
    }
}
