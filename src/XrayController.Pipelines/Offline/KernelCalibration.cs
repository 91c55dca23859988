using System.Diagnostics;
using System.Runtime.InteropServices;
using XrayController.Core.Plans;
using XrayController.Reconstruction;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Phase;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// Times the reconstruction kernels on this machine, each on synthetic data of a modest size with every core, as the
/// reconstructions run them: the correction of frames (flat, dark, zingers, −log), parallel-beam FBP (filtering and
/// back-projection of a slab), FDK (weighting, filtering, back-projection) and a phase retrieval. Each kernel runs
/// for a quarter of a second to warm up (compiled, then recompiled optimised), then again for a quarter of a second;
/// its rate is the work done over the time taken.
/// </summary>
public static class KernelCalibration
{
    private static readonly TimeSpan MinimumTime = TimeSpan.FromSeconds(0.25);

    /// <summary>What identifies a machine's rates: its cores, processor, architecture and the software measured.</summary>
    public static string Machine(string softwareVersion) =>
        $"{Environment.ProcessorCount} cores, {Processor()}, {RuntimeInformation.OSArchitecture}, xrayctl {softwareVersion}";

    /// <summary>The rates of every kernel but phase retrieval (measured when first asked, <see cref="PhaseSeconds"/>).</summary>
    public static KernelRates Measure(string machine)
    {
        (double updates, double visits) = ConeRates();
        return new(machine, CorrectedPixels(), ParallelUpdates(), updates, visits, new Dictionary<string, double>());
    }

    /// <summary>Seconds per padded pixel per log₂ of the padded size for one retrieval of <paramref name="work"/>'s kernel, timed on 256² holograms.</summary>
    public static double PhaseSeconds(PhaseWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        const int size = 256;
        double[] distances = [.. Enumerable.Range(0, work.Distances).Select(d => 4.0 + d)];
        var settings = work.Method == "paganin"
            ? new PhaseRetrievalSettings(PhaseMethod.Paganin, deltaOverBeta: 100)
            : new PhaseRetrievalSettings(PhaseMethod.Ctf, iterations: work.Iterations);
        var retriever = new PhaseRetriever(size, size, new PropagationGeometry(33_600, 1e-4, distances), settings);
        var random = new Random(1);
        float[][] holograms = [.. distances.Select(_ => Enumerable.Range(0, size * size).Select(_ => 1 + (0.01f * (float)random.NextDouble())).ToArray())];
        var delta = new float[size * size];
        double padded = (double)retriever.PaddedRows * retriever.PaddedColumns;
        return 1 / Rate(padded * Math.Log2(padded), () => retriever.Retrieve(holograms, delta));
    }

    private static double CorrectedPixels()
    {
        const int rows = 64;
        const int columns = 512;
        const int frames = 32;
        var condition = new ReferenceCondition(0, 0, 0);
        var random = new Random(2);
        float[] Frame(float level) => [.. Enumerable.Range(0, rows * columns).Select(_ => level * (0.9f + (0.2f * (float)random.NextDouble())))];
        ReferenceBlocks flats = ReferenceBlocks.Build([(0, condition, Frame(4000)), (frames + 1, condition, Frame(4000))]);
        ReferenceBlocks darks = ReferenceBlocks.Build([(0, condition, Frame(100))]);
        float[][] raw = [.. Enumerable.Range(0, frames).Select(_ => Frame(2000))];
        var settings = new CorrectionSettings(FlatMode.Interpolated, ZingerRemoval: true);
        var lineIntegrals = new float[rows * columns];
        return Rate((double)frames * rows * columns, () =>
        {
            for (int f = 0; f < frames; f++)
            {
                ProjectionCorrection.Correct(raw[f].ToArray(), rows, columns, f + 1, condition, flats, darks, settings, lineIntegrals);
            }
        });
    }

    private static double ParallelUpdates()
    {
        const int columns = 256;
        const int slices = 8;
        const int angles = 90;
        var geometry = new ParallelGeometry(columns, (columns - 1) / 2.0, [.. Enumerable.Range(0, angles).Select(a => a * 2.0)], double.NaN);
        var grid = new ReconstructionGrid(columns);
        float[] sinograms = Sinograms(angles * slices * columns);
        return Rate((double)columns * columns * slices * angles, () => ParallelFbp.Reconstruct(sinograms.ToArray(), slices, geometry, ReconstructionFilter.SheppLogan, grid));
    }

    /// <summary>
    /// FDK of a 256² grid from 32 projections, 4 slices thick and 64 thick: the difference gives the cost of a voxel
    /// update, the rest of the thin run the cost of visiting a voxel column (paid once per slab), so that an estimate
    /// holds for the slabs a budget makes, thin or thick.
    /// </summary>
    private static (double UpdatesPerSecond, double VisitsPerSecond) ConeRates()
    {
        const int columns = 256;
        const int angles = 32;
        const int thin = 4;
        const int thick = 64;
        double Seconds(int slices)
        {
            var geometry = new ConeGeometry(slices, columns, 50, 250, 0.4, 0.4, 0, 0, [.. Enumerable.Range(0, angles).Select(a => a * 360.0 / angles)]);
            var grid = new ConeGrid(columns, slices, geometry.VoxelMm);
            float[] projections = Sinograms(angles * slices * columns);
            return 1 / Rate(1, () => Fdk.Reconstruct(projections.ToArray(), geometry, ReconstructionFilter.SheppLogan, grid));
        }

        double visits = (double)columns * columns * angles;
        double thinSeconds = Seconds(thin);
        double perUpdate = (Seconds(thick) - thinSeconds) / (visits * (thick - thin));
        double perVisit = (thinSeconds / visits) - (thin * perUpdate);
        return (1 / Math.Max(perUpdate, 1e-12), 1 / Math.Max(perVisit, 1e-12));
    }

    private static float[] Sinograms(int length)
    {
        var random = new Random(3);
        return [.. Enumerable.Range(0, length).Select(_ => (float)random.NextDouble())];
    }

    /// <summary>
    /// Units of work per second: runs for <see cref="MinimumTime"/> to compile and for the runtime to replace the first,
    /// quickly compiled code by optimised code (tiered compilation), then runs until <see cref="MinimumTime"/> has passed.
    /// </summary>
    private static double Rate(double workPerRun, Action run)
    {
        var warm = Stopwatch.StartNew();
        do
        {
            run();
        }
        while (warm.Elapsed < MinimumTime);

        var clock = Stopwatch.StartNew();
        int runs = 0;
        do
        {
            run();
            runs++;
        }
        while (clock.Elapsed < MinimumTime);
        return workPerRun * runs / clock.Elapsed.TotalSeconds;
    }

    private static string Processor()
    {
        const string cpuInfo = "/proc/cpuinfo";
        string? model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
