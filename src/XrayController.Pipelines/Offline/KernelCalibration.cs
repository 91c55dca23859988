using System.Diagnostics;
using System.Runtime.InteropServices;
using XrayController.Analysis;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Xanes;
using XrayController.Core.Plans;
using XrayController.Reconstruction;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Phase;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// Times the reconstruction kernels on this machine, each on synthetic data of a modest size with every core, as the
/// reconstructions run them: the correction of frames (flat, dark, zingers, −log), parallel-beam FBP (filtering and
/// back-projection of a slab), FDK (weighting, filtering, back-projection), a phase retrieval, reading a spectral
/// stack, the XANES analysis's edge mapping and segmentation, the fragment analysis and the cell inspection. Each kernel runs
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
        return new(machine, CorrectedPixels(), ParallelUpdates(), updates, visits, StackBytesRead(), EdgeFitValues(), SegmentedVoxels(), FragmentVoxels(), CellLineSamples(), new Dictionary<string, double>());
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

    /// <summary>
    /// Reading a spectral stack of 63 energies × 16 × 128² (66 MB, float32 in one chunk per slice as this program
    /// writes it) in slabs of 4 slices from a temporary file, which the system then caches: the reader's own pace.
    /// </summary>
    private static double StackBytesRead()
    {
        const int energies = 63;
        const int slices = 16;
        const int size = 128;
        string path = Path.Combine(Path.GetTempPath(), $"xrayctl-calibration-{Environment.ProcessId}.h5");
        try
        {
            var metadata = new ReconstructionMetadata("1/mm", 1, size / 2.0, "calibration", "none", "none", "none", "none", false, 0, "calibration", "calibration");
            using (var writer = new SpectralReconstructionWriter(path, [.. Enumerable.Range(0, energies).Select(k => 8300.0 + k)], slices, size, metadata, 1))
            {
                float[] volume = Sinograms(slices * size * size);
                for (int k = 0; k < energies; k++)
                {
                    writer.WriteVolume(k, volume);
                }

                writer.WriteRegistration([.. Enumerable.Range(0, energies).Select(_ => (0.0, 0.0))]);
                writer.Complete();
            }

            using SpectralStackFile stack = SpectralStackFile.Open(path);
            return Rate((double)energies * slices * size * size * sizeof(float), () =>
            {
                for (int first = 0; first < slices; first += 4)
                {
                    stack.Slab(first, 4);
                }
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The edge mapping of 8 × 64 × 64 voxels at the Ni K-edge preset's 63 energies, each voxel an edge with noise.</summary>
    private static double EdgeFitValues()
    {
        double[] energies = [.. NiKEdgeEnergies.Ev];
        var shape = new VolumeShape(8, 64, 64);
        var random = new Random(4);
        float[] edges = [.. Enumerable.Range(0, shape.Count).Select(_ => 8340 + (8 * (float)random.NextDouble()))];
        float[][] volumes = [.. energies.Select(e => edges.Select(edge => (float)(0.05 + (0.04 * Math.Atan((e - edge) / 1.25) / Math.PI) + (0.002 * random.NextDouble()))).ToArray())];
        var stack = new SpectralStack(energies, shape, volumes, 1, "calibration");
        var mapper = new EdgeMapper(new EdgeNormaliser(energies, 8344, XanesOptions.Default.Windows, "calibration"));
        return Rate((double)shape.Count * energies.Length, () => mapper.Map(stack));
    }

    /// <summary>The XANES segmentation of a 64³ mean attenuation holding 12 spheres (1 over a background of 0), some touching.</summary>
    private static double SegmentedVoxels()
    {
        var shape = new VolumeShape(64, 64, 64);
        float[] mean = Spheres(shape, count: 12, seed: 5, margin: 8, radius: (3, 7), inside: 1, outside: 0, noise: 0.05f);
        return Rate(shape.Count, () => XanesSegmentation.Segment(mean, shape, XanesOptions.Default, "calibration"));
    }

    /// <summary>The fragment analysis of a 64³ electrode piece: a matrix (δ 1) holding 30 dense spheres (δ 3), 1 µm voxels.</summary>
    private static double FragmentVoxels()
    {
        var shape = new VolumeShape(64, 64, 64);
        float[] values = Spheres(shape, count: 30, seed: 6, margin: 12, radius: (2, 5), inside: 3, outside: 1, noise: 0.1f);
        var volume = new PhaseVolume(shape, values, 1, "delta", "calibration");
        return Rate(shape.Count, () => FragmentAnalysis.Run(volume, FragmentOptions.Default));
    }

    /// <summary>A volume of random spheres (centres at least <paramref name="margin"/> from every face) with uniform noise.</summary>
    private static float[] Spheres(VolumeShape shape, int count, int seed, double margin, (double Min, double Max) radius, float inside, float outside, float noise)
    {
        var random = new Random(seed);
        double Centre(int size) => margin + ((size - (2 * margin)) * random.NextDouble());
        var spheres = Enumerable.Range(0, count).Select(_ => (Z: Centre(shape.Depth), Y: Centre(shape.Height), X: Centre(shape.Width), R: radius.Min + ((radius.Max - radius.Min) * random.NextDouble()))).ToArray();
        var values = new float[shape.Count];
        for (int i = 0; i < values.Length; i++)
        {
            (int z, int y, int x) = shape.Coordinates(i);
            bool within = spheres.Any(s => ((z - s.Z) * (z - s.Z)) + ((y - s.Y) * (y - s.Y)) + ((x - s.X) * (x - s.X)) <= s.R * s.R);
            values[i] = (within ? inside : outside) + (noise * (float)random.NextDouble());
        }

        return values;
    }

    /// <summary>The cell inspection of 4 slices of 320² (10 µm voxels): a can around six electrodes with copper foils between them.</summary>
    private static double CellLineSamples()
    {
        const int size = 320;
        const double voxelMm = 0.01;
        var shape = new VolumeShape(4, size, size);
        float[] values = new float[shape.Count];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double r = Math.Sqrt(Math.Pow((j - (size / 2)) * voxelMm, 2) + Math.Pow(((size / 2) - i) * voxelMm, 2));
                double turn = (r - 0.2) / 0.22;
                float value = r is > 1.45 and < 1.55 ? 0.9f : r > 0.2 && r < 1.45 && turn - Math.Floor(turn) < 0.6 ? 0.27f : r > 0.2 && r < 1.45 && turn - Math.Floor(turn) < 0.65 ? 1.4f : 0.02f;
                for (int k = 0; k < shape.Depth; k++)
                {
                    values[shape.Index(k, i, j)] = value;
                }
            }
        }

        var volume = new PhaseVolume(shape, values, voxelMm * 1000, "attenuation", "calibration");
        (int samples, _) = CellInspection.Survey(volume);
        return Rate((double)shape.Depth * CellInspection.Azimuths * samples, () => CellInspection.Run(volume, 0));
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
