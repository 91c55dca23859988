using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using XrayController.Reconstruction.Phase;

namespace XrayController.Host.Bench;

/// <summary>Median times of phase retrieval for one projection angle, and of the 2D FFT candidates at its padded size.</summary>
/// <param name="Size">Hologram edge N (N × N at each distance).</param>
/// <param name="Padded">The FFT size (the next power of two of 2N).</param>
/// <param name="NWavesFftS">One 2D FFT with <see cref="Fourier2D"/> (NWaves radix-2, single precision, rows/transpose/rows on every core).</param>
/// <param name="MathNetFftS">One 2D FFT with MathNet's managed 1D transforms (double precision, rows then columns on every core).</param>
/// <param name="SetupS">Building the retriever (the CTF weights of every distance).</param>
/// <param name="LinearCtfS">One angle, linear CTF over every distance.</param>
/// <param name="IterativeCtfS">One angle, CTF with two non-linear refinements.</param>
/// <param name="PaganinS">One angle, Paganin at the first distance.</param>
public sealed record PhaseFigures(int Size, int Padded, int Distances, double NWavesFftS, double MathNetFftS, double SetupS, double LinearCtfS, double IterativeCtfS, double PaganinS);

/// <summary>
/// Times phase retrieval of one angle at the preset's four distances (33.6 keV, 70 nm pixels, z_eff 34–40 mm) on
/// synthetic holograms (1 ± 10 % noise: the cost does not depend on the content), and the FFT candidates at the padded
/// size: 2D FFTs dominate, so the retriever's choice of FFT is measured against the alternative already in the build.
/// </summary>
public static class PhaseBench
{
    private static readonly double[] Distances = [33.986, 34.551, 35.867, 39.608];

    public static PhaseFigures Run(int size, int repeats)
    {
        var geometry = new PropagationGeometry(33600, 70e-6, Distances);
        var random = new Random(336);
        List<float[]> holograms = [.. Distances.Select(_ => Enumerable.Range(0, size * size).Select(_ => (float)(1 + (0.1 * ((2 * random.NextDouble()) - 1)))).ToArray())];
        var output = new float[size * size];
        PhaseRetriever? linear = null;
        double setup = BenchTiming.MedianSeconds(1, () => linear = new PhaseRetriever(size, size, geometry, new PhaseRetrievalSettings(PhaseMethod.Ctf, 150)));
        double linearS = BenchTiming.MedianSeconds(repeats, () => linear!.Retrieve(holograms, output));
        int padded = linear!.PaddedRows;
        linear = null;
        var iterative = new PhaseRetriever(size, size, geometry, new PhaseRetrievalSettings(PhaseMethod.Ctf, 150, iterations: 2));
        double iterativeS = BenchTiming.MedianSeconds(repeats, () => iterative.Retrieve(holograms, output));
        iterative = null;
        var paganin = new PhaseRetriever(size, size, new PropagationGeometry(33600, 70e-6, [Distances[0]]), new PhaseRetrievalSettings(PhaseMethod.Paganin, 150));
        double paganinS = BenchTiming.MedianSeconds(repeats, () => paganin.Retrieve([holograms[0]], output));
        paganin = null;
        var fourier = new Fourier2D(padded, padded);
        float[] re = [.. Enumerable.Range(0, padded * padded).Select(_ => (float)random.NextDouble())];
        var im = new float[padded * padded];
        double nwaves = BenchTiming.MedianSeconds(repeats, () => fourier.Forward(re, im));
        var values = new Complex[padded * padded];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = re[i];
        }

        double mathnet = BenchTiming.MedianSeconds(repeats, () => MathNet2D(values, padded));
        return new PhaseFigures(size, padded, Distances.Length, nwaves, mathnet, setup, linearS, iterativeS, paganinS);
    }

    /// <summary>MathNet's 1D transform along every row, then every column (its managed provider has no 2D transform).</summary>
    private static void MathNet2D(Complex[] values, int n)
    {
        Parallel.For(0, n, () => new Complex[n], (r, _, line) =>
        {
            values.AsSpan(r * n, n).CopyTo(line);
            Fourier.Forward(line, FourierOptions.NoScaling);
            line.CopyTo(values.AsSpan(r * n, n));
            return line;
        }, _ => { });
        Parallel.For(0, n, () => new Complex[n], (c, _, line) =>
        {
            for (int r = 0; r < n; r++)
            {
                line[r] = values[(r * n) + c];
            }

            Fourier.Forward(line, FourierOptions.NoScaling);
            for (int r = 0; r < n; r++)
            {
                values[(r * n) + c] = line[r];
            }

            return line;
        }, _ => { });
    }
}
