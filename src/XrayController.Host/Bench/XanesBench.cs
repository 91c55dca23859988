using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using XrayController.Analysis;
using XrayController.Analysis.Xanes;
using XrayController.Core.Diagnostics;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Offline;
using XrayController.Storage;

namespace XrayController.Host.Bench;

/// <summary>Figures of one XANES analysis run in memory: the whole pipeline and its two heavy stages, timed on their own.</summary>
public sealed record XanesFigures(int Size, int Energies, int Particles, double TotalS, double EdgeMapS, double SegmentationS, int Grains, int Fragments);

/// <summary>Figures of the XANES analysis of a stack on disk under a memory budget, in a process of its own, beside its estimate.</summary>
/// <param name="Seconds">Each run's wall time, the analysis and its outputs (xanes.h5, tables, figures).</param>
/// <param name="PeakResidentBytes">Each run's peak resident memory (runtime included), sampled every 50 ms.</param>
public sealed record XanesScaleFigures(
    int Size,
    int Energies,
    long BudgetBytes,
    long StackBytes,
    double GenerateSeconds,
    ReconstructionEstimate Estimate,
    double EstimateSeconds,
    IReadOnlyList<double> Seconds,
    IReadOnlyList<long> PeakResidentBytes);

/// <summary>
/// Times the XANES analysis on a synthetic stack: the preset's 63 energies over an N³ volume holding spheres with their
/// own Ni K edges (an arctangent step on a sloping background) and noise of 3 % of the edge step. <see cref="Run"/>
/// makes the stack in memory (63 × 256³ float32 is 4.2 GB) so that the figure is the analysis, not file reading;
/// <see cref="RunOnDiskAsync"/> writes it to a spectral reconstruction file energy by energy (63 × 512³ is 34 GB) and
/// runs <c>xrayctl analyze xanes --memory-gb</c> on it in a child process, so that its peak memory is its own.
/// </summary>
public static class XanesBench
{
    private static readonly double[] Energies = [.. NiKEdgeEnergies.Ev];

    public static XanesFigures Run(int size, int particles)
    {
        var synthetic = new Synthetic(size, particles);
        var stack = new SpectralStack(Energies, synthetic.Shape, [.. Enumerable.Range(0, Energies.Length).Select(synthetic.Volume)], 0.1, $"synthetic {size}³ stack");
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

    public static async Task<XanesScaleFigures> RunOnDiskAsync(int size, int particles, long budgetBytes, int runs, string directory, KernelRateCache rates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rates);
        Directory.CreateDirectory(directory);
        string input = Path.Combine(directory, "xanes-bench.h5");
        string output = Path.Combine(directory, "xanes-bench_xanes");
        long stackBytes = (long)Energies.Length * size * size * size * sizeof(float);
        long outputBytes = (long)AnalysisEstimates.XanesFileBytesPerVoxel * size * size * size;
        if (DiskSpace.FreeBytes(directory) is { } free && free < (stackBytes + outputBytes) * 21 / 20)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{directory}: the stack ({stackBytes / 1e9:0.##} GB) and the analysis ({outputBytes / 1e9:0.##} GB) need more than the {free / 1e9:0.##} GB free there; give --dir on a larger disk or a smaller --size"));
        }

        try
        {
            var clock = Stopwatch.StartNew();
            WriteStack(input, new Synthetic(size, particles));
            double generate = clock.Elapsed.TotalSeconds;
            ReconstructionEstimate estimate;
            using (SpectralStackFile stack = SpectralStackFile.Open(input))
            {
                estimate = AnalysisEstimates.Xanes(stack, output, budgetBytes);
            }

            double estimateSeconds = rates.RatesFor(estimate.Work, out _).Seconds(estimate.Work);
            var seconds = new List<double>();
            var peaks = new List<long>();
            for (int run = 0; run < runs; run++)
            {
                (double s, long peak) = await AnalyseAsync(input, output, budgetBytes, cancellationToken).ConfigureAwait(false);
                seconds.Add(s);
                peaks.Add(peak);
            }

            return new XanesScaleFigures(size, Energies.Length, budgetBytes, new FileInfo(input).Length, generate, estimate, estimateSeconds, seconds, peaks);
        }
        finally
        {
            File.Delete(input);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>The analysis in a child process (this program again): its wall time and its peak resident memory, sampled until it exits.</summary>
    private static async Task<(double Seconds, long PeakBytes)> AnalyseAsync(string input, string output, long budgetBytes, CancellationToken cancellationToken)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("this program's path is unknown");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string argument in new[] { "analyze", "xanes", input, "--out", output, "--memory-gb", (budgetBytes / 1e9).ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {self}");
        Task<string> error = child.StandardError.ReadToEndAsync(cancellationToken);
        Task<string> text = child.StandardOutput.ReadToEndAsync(cancellationToken);
        long peak = 0;
        while (!child.HasExited)
        {
            try
            {
                child.Refresh();
                peak = Math.Max(peak, child.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                break;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        await text.ConfigureAwait(false);
        return child.ExitCode == 0
            ? (seconds, peak)
            : throw new InvalidOperationException($"the analysis exited with {child.ExitCode}: {(await error.ConfigureAwait(false)).Trim()}");
    }

    private static void WriteStack(string path, Synthetic synthetic)
    {
        var metadata = new ReconstructionMetadata("1/mm", 0.1, (synthetic.Size - 1) / 2.0, "synthetic", "none", "none", "none", "none", false, 0, "synthetic", SoftwareVersion.Current);
        using var writer = new SpectralReconstructionWriter(path, Energies, synthetic.Size, synthetic.Size, metadata, 1);
        for (int k = 0; k < Energies.Length; k++)
        {
            writer.WriteVolume(k, synthetic.Volume(k));
        }

        writer.WriteRegistration([.. Energies.Select(_ => (0.0, 0.0))]);
        writer.Complete();
    }

    /// <summary>Spheres at random places, each with its own edge; which sphere holds each voxel is found once, each energy's volume made on demand.</summary>
    private sealed class Synthetic
    {
        private readonly byte[] _inside;
        private readonly float[][] _spectra;

        public Synthetic(int size, int particles)
        {
            Size = size;
            Shape = new VolumeShape(size, size, size);
            var random = new Random(8333);
            var spheres = Enumerable.Range(0, particles).Select(_ => (
                X: size * (0.15 + (0.7 * random.NextDouble())),
                Y: size * (0.15 + (0.7 * random.NextDouble())),
                Z: size * (0.15 + (0.7 * random.NextDouble())),
                R: size * (0.04 + (0.04 * random.NextDouble())),
                Edge: 8342 + (4 * random.NextDouble()))).ToArray();
            _spectra = [.. spheres.Select(s => Energies.Select(e => (float)(0.045 + (0.04 * (0.5 + (Math.Atan((e - s.Edge) / 1.25) / Math.PI))))).ToArray())];
            _inside = new byte[Shape.Count];
            Parallel.For(0, size, z =>
            {
                for (int y = 0; y < size; y++)
                {
                    for (int x = 0; x < size; x++)
                    {
                        _inside[Shape.Index(z, y, x)] = (byte)(Array.FindIndex(spheres, s => ((x - s.X) * (x - s.X)) + ((y - s.Y) * (y - s.Y)) + ((z - s.Z) * (z - s.Z)) <= s.R * s.R) + 1);
                    }
                }
            });
        }

        public int Size { get; }

        public VolumeShape Shape { get; }

        public float[] Volume(int energy)
        {
            var volume = new float[Shape.Count];
            Parallel.For(0, Size, z =>
            {
                uint state = (uint)((z * 2654435761u) ^ (energy * 40503u)) | 1;
                int plane = Shape.PlaneSize;
                for (int i = z * plane; i < (z + 1) * plane; i++)
                {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    float noise = 0.0012f * (((state & 0xFFFF) / 32768f) - 1);
                    volume[i] = (_inside[i] == 0 ? 0 : _spectra[_inside[i] - 1][energy]) + noise;
                }
            });
            return volume;
        }
    }
}
