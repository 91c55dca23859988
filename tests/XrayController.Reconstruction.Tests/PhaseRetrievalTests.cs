using System.Numerics;
using XrayController.Reconstruction.Phase;
using XrayController.Simulators.Physics.Holography;

namespace XrayController.Reconstruction.Tests;

public sealed class PhaseRetrievalTests
{
    private const double EnergyEv = 33600;
    private const double Pixel = 1e-4;
    private static readonly double Wavelength = 12398.419843e-7 / EnergyEv;
    private static readonly double K = 2 * Math.PI / Wavelength;

    [Fact]
    public void The_2D_FFT_matches_a_direct_DFT_and_its_inverse_undoes_it()
    {
        const int Rows = 8;
        const int Columns = 16;
        var random = new Random(7);
        float[] re = [.. Enumerable.Range(0, Rows * Columns).Select(_ => (float)random.NextDouble())];
        float[] im = [.. Enumerable.Range(0, Rows * Columns).Select(_ => (float)random.NextDouble())];
        float[] re0 = [.. re];
        float[] im0 = [.. im];
        var fourier = new Fourier2D(Rows, Columns);
        fourier.Forward(re, im);
        foreach ((int u, int v) in new[] { (0, 0), (1, 3), (5, 11), (7, 15) })
        {
            Complex sum = 0;
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    sum += new Complex(re0[(r * Columns) + c], im0[(r * Columns) + c]) * Complex.FromPolarCoordinates(1, -2 * Math.PI * (((double)u * r / Rows) + ((double)v * c / Columns)));
                }
            }

            Assert.Equal(sum.Real, re[(u * Columns) + v], 1e-3);
            Assert.Equal(sum.Imaginary, im[(u * Columns) + v], 1e-3);
        }

        fourier.Inverse(re, im);
        Assert.True(re.Zip(re0).Max(p => Math.Abs(p.First - p.Second)) < 1e-5);
        Assert.True(im.Zip(im0).Max(p => Math.Abs(p.First - p.Second)) < 1e-5);
        Assert.Throws<ArgumentException>(() => new Fourier2D(12, 16));
    }

    [Fact]
    public void Multi_distance_CTF_recovers_a_weak_phase_object_better_than_one_distance()
    {
        const int N = 96;
        double[] distances = [10, 10.7, 12.5, 20];
        double[] truth = WeakObject(N, out double[] _, betaOverDelta: 0);
        List<float[]> holograms = [.. distances.Select(z => Propagate(truth, new double[N * N], N, z))];
        double Error(int count)
        {
            var retriever = new PhaseRetriever(N, N, new PropagationGeometry(EnergyEv, Pixel, distances[..count]), new PhaseRetrievalSettings(PhaseMethod.Ctf, lowFrequencyRegularisation: 1e-4, highFrequencyRegularisation: 1e-4));
            var retrieved = new float[N * N];
            retriever.Retrieve(holograms[..count], retrieved);

            // The pure-phase CTF cannot see the mean; compare after removing it.
            double offset = truth.Average() - retrieved.Average();
            Assert.True(Pearson(truth, retrieved) > 0.9);
            return Rms(truth.Zip(retrieved, (t, r) => t - r - offset)) / Rms(truth.Select(t => t - truth.Average()));
        }

        double four = Error(4);
        double one = Error(1);
        Assert.True(four < 0.1, $"relative rms error {four:F3} with four distances");
        Assert.True(four < 0.7 * one, $"four distances {four:F3}, one {one:F3}");
    }

    [Fact]
    public void The_homogeneous_CTF_also_recovers_the_mean_of_an_absorbing_object()
    {
        const int N = 96;
        double[] distances = [10, 10.7, 12.5, 20];
        const double DeltaOverBeta = 150;
        double[] truth = WeakObject(N, out double[] beta, betaOverDelta: 1 / DeltaOverBeta);
        List<float[]> holograms = [.. distances.Select(z => Propagate(truth, beta, N, z))];
        var retriever = new PhaseRetriever(N, N, new PropagationGeometry(EnergyEv, Pixel, distances), new PhaseRetrievalSettings(PhaseMethod.Ctf, DeltaOverBeta, 1e-8, 1e-6));
        var retrieved = new float[N * N];
        retriever.Retrieve(holograms, retrieved);
        double error = Rms(truth.Zip(retrieved, (t, r) => t - r));
        Assert.True(error < 0.05 * Rms(truth), $"rms error {error:E3} of {Rms(truth):E3}");
    }

    [Fact]
    public void Iterative_refinement_recovers_a_strong_phase_object_the_linear_CTF_distorts()
    {
        const int N = 96;
        double[] distances = [10, 10.7, 12.5, 20];
        const double DeltaOverBeta = 150;
        double[] weak = WeakObject(N, out double[] _, betaOverDelta: 0);
        double[] truth = [.. weak.Select(d => 20 * d)];
        double[] beta = [.. truth.Select(d => d / DeltaOverBeta)];
        Assert.True(truth.Max() * K > 1, "the object shifts the phase by more than a radian");
        List<float[]> holograms = [.. distances.Select(z => Propagate(truth, beta, N, z))];
        double Error(int iterations)
        {
            var retriever = new PhaseRetriever(N, N, new PropagationGeometry(EnergyEv, Pixel, distances), new PhaseRetrievalSettings(PhaseMethod.Ctf, DeltaOverBeta, 1e-8, 1e-6, iterations));
            var retrieved = new float[N * N];
            retriever.Retrieve(holograms, retrieved);
            return Rms(truth.Zip(retrieved, (t, r) => t - r)) / Rms(truth);
        }

        double linear = Error(0);
        double refined = Error(2);
        double many = Error(16);
        Assert.True(linear > 0.1, $"the linear CTF is already good ({linear:F3}); the test needs a stronger object");
        Assert.True(refined < 0.55 * linear, $"relative rms error {linear:F3} linear, {refined:F3} after 2 refinements");
        Assert.True(many < 0.7 * linear, $"16 refinements: {many:F3} (they must stop once the residual stops falling)");
        Assert.Throws<ArgumentException>(() => new PhaseRetrievalSettings(PhaseMethod.Paganin, 150, iterations: 2));
        Assert.Throws<ArgumentException>(() => new PhaseRetrievalSettings(PhaseMethod.Ctf, 150, iterations: -1));
    }

    [Fact]
    public void The_forward_model_predicts_the_simulators_holograms()
    {
        const int N = 96;
        double[] distances = [10, 20];
        const double DeltaOverBeta = 150;
        double[] delta = [.. WeakObject(N, out double[] _, betaOverDelta: 0).Select(d => 10 * d)];
        double[] beta = [.. delta.Select(d => d / DeltaOverBeta)];
        var retriever = new PhaseRetriever(N, N, new PropagationGeometry(EnergyEv, Pixel, distances), new PhaseRetrievalSettings(PhaseMethod.Ctf, DeltaOverBeta));
        float[][] predicted = [new float[N * N], new float[N * N]];

        retriever.Predict([.. delta.Select(d => (float)d)], predicted);

        for (int n = 0; n < distances.Length; n++)
        {
            float[] simulated = Propagate(delta, beta, N, distances[n]);
            double largest = 0;
            double contrast = 0;
            for (int r = 24; r < 72; r++)
            {
                for (int c = 24; c < 72; c++)
                {
                    largest = Math.Max(largest, Math.Abs(predicted[n][(r * N) + c] - simulated[(r * N) + c]));
                    contrast = Math.Max(contrast, Math.Abs(simulated[(r * N) + c] - 1));
                }
            }

            Assert.True(contrast > 0.05, $"distance {n}: the holograms show little contrast ({contrast:F3})");
            Assert.True(largest < 0.02 * contrast, $"distance {n}: prediction differs by {largest:E2} where the contrast is {contrast:F3}");
        }
    }

    [Fact]
    public void Paganin_retrieves_the_thickness_of_a_homogeneous_sphere()
    {
        const int N = 128;
        const double Radius = 40 * Pixel;
        RefractiveIndex nmc = RefractiveIndexTable.Shared.Of(CathodePiece.NmcMaterial, EnergyEv);
        var thickness = new double[N * N];
        for (int r = 0; r < N; r++)
        {
            for (int c = 0; c < N; c++)
            {
                double rho2 = (Math.Pow(r - 63.5, 2) + Math.Pow(c - 63.5, 2)) * Pixel * Pixel;
                thickness[(r * N) + c] = rho2 < Radius * Radius ? 2 * Math.Sqrt((Radius * Radius) - rho2) : 0;
            }
        }

        double[] delta = [.. thickness.Select(t => nmc.Delta * t)];
        double[] beta = [.. thickness.Select(t => nmc.Beta * t)];
        const double Z = 20;
        float[] hologram = Propagate(delta, beta, N, Z);
        var retriever = new PhaseRetriever(N, N, new PropagationGeometry(EnergyEv, Pixel, [Z]), new PhaseRetrievalSettings(PhaseMethod.Paganin, nmc.DeltaOverBeta));
        var retrieved = new float[N * N];
        retriever.Retrieve([hologram], retrieved);
        double centre = retrieved[(64 * N) + 64] / nmc.Delta;
        Assert.Equal(thickness[(64 * N) + 64], centre, 0.03 * thickness[(64 * N) + 64]);
        Assert.True(Math.Abs(retrieved[(5 * N) + 5]) < 0.02 * nmc.Delta * 2 * Radius, "background");
        Assert.True(Pearson(delta, retrieved) > 0.99);
    }

    [Fact]
    public void Bad_geometry_settings_and_images_are_refused_with_what_is_wrong()
    {
        Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => new PropagationGeometry(EnergyEv, Pixel, [30, 32, 30])).Message, StringComparison.Ordinal);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => new PropagationGeometry(EnergyEv, 0, [30])).Message, StringComparison.Ordinal);
        Assert.Contains("δ/β", Assert.Throws<ArgumentException>(() => new PhaseRetrievalSettings(PhaseMethod.Ctf, -3)).Message, StringComparison.Ordinal);
        Assert.Contains("δ/β", Assert.Throws<ArgumentException>(() => new PhaseRetrievalSettings(PhaseMethod.Paganin)).Message, StringComparison.Ordinal);
        var retriever = new PhaseRetriever(16, 16, new PropagationGeometry(EnergyEv, Pixel, [30, 40]), new PhaseRetrievalSettings(PhaseMethod.Ctf));
        Assert.Contains("one shape", Assert.Throws<ArgumentException>(() => retriever.Retrieve([new float[256], new float[240]], new float[256])).Message, StringComparison.Ordinal);
        Assert.Contains("2 hologram", Assert.Throws<ArgumentException>(() => retriever.Retrieve([new float[256]], new float[256])).Message, StringComparison.Ordinal);
    }

    /// <summary>A smooth random weak object: projected δ (mm) from a sum of Gaussian blobs (phase up to about 0.3 rad); β = ratio · δ.</summary>
    private static double[] WeakObject(int n, out double[] beta, double betaOverDelta)
    {
        var random = new Random(11);
        var delta = new double[n * n];
        for (int blob = 0; blob < 12; blob++)
        {
            double r0 = 20 + (random.NextDouble() * (n - 40));
            double c0 = 20 + (random.NextDouble() * (n - 40));
            double width = 2 + (4 * random.NextDouble());
            double height = 0.05 * (0.5 + random.NextDouble()) / K;
            for (int r = 0; r < n; r++)
            {
                for (int c = 0; c < n; c++)
                {
                    delta[(r * n) + c] += height * Math.Exp(-((Math.Pow(r - r0, 2) + Math.Pow(c - c0, 2)) / (2 * width * width)));
                }
            }
        }

        beta = [.. delta.Select(d => d * betaOverDelta)];
        return delta;
    }

    /// <summary>The simulator's propagator (an independent FFT) of the transmission exp(−k∫β − ik∫δ), on a grid padded by the image's size, intensity cropped back.</summary>
    private static float[] Propagate(double[] delta, double[] beta, int n, double z)
    {
        int size = 4 * n;
        var field = new Complex[size * size];
        Array.Fill(field, Complex.One);
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                int i = (r * n) + c;
                field[((r + (n * 3 / 2)) * size) + c + (n * 3 / 2)] = Complex.FromPolarCoordinates(Math.Exp(-K * beta[i]), -K * delta[i]);
            }
        }

        FresnelPropagator.Propagate(field, size, size, Pixel, Wavelength, z);
        var intensity = new float[n * n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                intensity[(r * n) + c] = (float)Math.Pow(field[((r + (n * 3 / 2)) * size) + c + (n * 3 / 2)].Magnitude, 2);
            }
        }

        return intensity;
    }

    private static double Rms(IEnumerable<double> values) => Math.Sqrt(values.Average(v => v * v));

    private static double Pearson(IReadOnlyList<double> a, IReadOnlyList<float> b)
    {
        double ma = a.Average(), mb = b.Average(v => (double)v);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
