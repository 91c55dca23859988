using System.Diagnostics;
using XrayController.Analysis;
using XrayController.Analysis.Xanes;

namespace XrayController.Host.Bench;

/// <summary>Figures of one XANES analysis run: the whole pipeline and its two heavy stages, timed on their own.</summary>
public sealed record XanesFigures(int Size, int Energies, int Particles, double TotalS, double EdgeMapS, double SegmentationS, int Grains, int Fragments);

/// <summary>
/// Times the XANES analysis on a synthetic stack: the preset's 63 energies over an N³ volume holding spheres with their
/// own Ni K edges (an arctangent step on a sloping background) and Gaussian-like noise of 3 % of the edge step. The
/// stack is made in memory (63 × 256³ float32 is 4.2 GB) so that the figure is the analysis, not file reading.
/// </summary>
public static class XanesBench
{
    public static XanesFigures Run(int size, int particles)
    {
        SpectralStack stack = Synthetic(size, particles);
        var total = Stopwatch.StartNew();
        XanesResult result = XanesAnalysis.Run(stack, XanesOptions.Default);
        double totalS = total.Elapsed.TotalSeconds;
        var edge = Stopwatch.StartNew();
        new EdgeMapper(result.Normaliser).Map(stack);
        double edgeS = edge.Elapsed.TotalSeconds;
        var segmentation = Stopwatch.StartNew();
        XanesSegmentation.Segment(result.MeanAttenuation, stack.Shape, XanesOptions.Default, "bench");
        double segmentationS = segmentation.Elapsed.TotalSeconds;
        return new XanesFigures(size, stack.EnergiesEv.Count, particles, totalS, edgeS, segmentationS, result.Grains.Length, result.Fragments.Length);
    }

    private static SpectralStack Synthetic(int size, int particles)
    {
        double[] energies =
        [
            .. Enumerable.Range(0, 15).Select(i => 8178.0 + (10 * i)),
            .. Enumerable.Range(0, 37).Select(i => 8322.0 + i),
            .. Enumerable.Range(0, 11).Select(i => 8370.0 + (20 * i)),
        ];
        var random = new Random(8333);
        var spheres = Enumerable.Range(0, particles).Select(_ => (
            X: size * (0.15 + (0.7 * random.NextDouble())),
            Y: size * (0.15 + (0.7 * random.NextDouble())),
            Z: size * (0.15 + (0.7 * random.NextDouble())),
            R: size * (0.04 + (0.04 * random.NextDouble())),
            Edge: 8342 + (4 * random.NextDouble()))).ToArray();
        float[][] spectra = [.. spheres.Select(s => energies.Select(e => (float)(0.045 + (0.04 * (0.5 + (Math.Atan((e - s.Edge) / 1.25) / Math.PI))))).ToArray())];
        var shape = new VolumeShape(size, size, size);
        float[][] volumes = [.. energies.Select(_ => new float[shape.Count])];
        Parallel.For(0, size, z =>
        {
            uint state = (uint)(z * 2654435761u) | 1;
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    int inside = Array.FindIndex(spheres, s => ((x - s.X) * (x - s.X)) + ((y - s.Y) * (y - s.Y)) + ((z - s.Z) * (z - s.Z)) <= s.R * s.R);
                    int index = shape.Index(z, y, x);
                    for (int k = 0; k < energies.Length; k++)
                    {
                        state ^= state << 13;
                        state ^= state >> 17;
                        state ^= state << 5;
                        float noise = 0.0012f * (((state & 0xFFFF) / 32768f) - 1);
                        volumes[k][index] = (inside < 0 ? 0 : spectra[inside][k]) + noise;
                    }
                }
            }
        });
        return new SpectralStack(energies, shape, volumes, 0.1, $"synthetic {size}³ stack");
    }
}
