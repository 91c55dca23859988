using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using PureHDF;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage;

namespace XrayController.Host.Bench;

/// <summary>What <c>xrayctl bench scale</c> measured, beside the estimate made before the run.</summary>
/// <param name="Seconds">The reconstruction's own time (the child process's <c>seconds</c>).</param>
/// <param name="PeakResidentBytes">The child process's peak resident memory (runtime included).</param>
/// <param name="FullTileSeconds">One seed tile (2940² × 2304 from 4801 projections) at this run's rate of voxel updates.</param>
/// <param name="FullTileEstimateSeconds">The same tile at the calibrated kernel rates, in slabs as thick as this run's (a budget that holds them for 4801 projections is about 13 times this run's).</param>
public sealed record ScaleFigures(
    int Columns,
    int Rows,
    int Projections,
    long BudgetBytes,
    long InputBytes,
    double GenerateSeconds,
    ReconstructionEstimate Estimate,
    double EstimateSeconds,
    double Seconds,
    long PeakResidentBytes,
    long OutputBytes,
    double Gups,
    double FullTileSeconds,
    double FullTileEstimateSeconds);

/// <summary>
/// The seed's lab micro-CT at scale: a cone-beam Data Exchange file at the lab microscope's geometry (source to object
/// 50 mm, to detector 245 mm, 49.5 µm pixels: 10.1 µm voxels) over the panel's full width, a band of rows, over 360°,
/// of an analytic 18650 cell (steel can, wound electrode, three inclusions), reconstructed under a memory budget by
/// <c>xrayctl recon</c> in a process of its own, so that its peak resident memory is its own. The estimate is made
/// first, from the same file; the time for one seed tile is extrapolated from the run's rate of voxel updates.
/// </summary>
public static class ScaleBench
{
    public const int SeedColumns = 2940;
    public const int SeedRows = 2304;
    public const int SeedProjections = 4801;
    private const double SourceToObjectMm = 50;
    private const double SourceToDetectorMm = 245;
    private const double PixelMm = 0.0495;
    private const ushort OpenBeam = 20_000;

    public static async Task<ScaleFigures> RunAsync(int columns, int rows, int projections, long budgetBytes, string directory, KernelRateCache rates, OfflineReconstruction reconstruction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(reconstruction);
        Directory.CreateDirectory(directory);
        string input = Path.Combine(directory, "scale.h5");
        string geometry = Path.Combine(directory, "scale-geometry.json");
        string output = Path.Combine(directory, "scale_recon.h5");
        long inputBytes = (long)(projections + 20) * rows * columns * sizeof(ushort);
        long outputBytes = (long)columns * columns * rows * sizeof(float);
        if (DiskSpace.FreeBytes(directory) is { } free && free < (inputBytes + outputBytes) * 21 / 20)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{directory}: the dataset ({inputBytes / 1e9:0.##} GB) and its volume ({outputBytes / 1e9:0.##} GB) need more than the {free / 1e9:0.##} GB free there; give --dir on a larger disk or fewer --rows"));
        }

        try
        {
            var clock = Stopwatch.StartNew();
            WriteDataset(input, columns, rows, projections);
            await File.WriteAllTextAsync(geometry, string.Create(CultureInfo.InvariantCulture, $$"""{ "sod_mm": {{SourceToObjectMm}}, "sdd_mm": {{SourceToDetectorMm}}, "pixel_size_mm": [{{PixelMm}}, {{PixelMm}}] }"""), cancellationToken).ConfigureAwait(false);
            double generate = clock.Elapsed.TotalSeconds;
            double center = (columns - 1) / 2.0;
            var request = new ReconstructionRequest(input, center, ReconstructionFilter.SheppLogan, null, null, output, null, FlatMode.Interpolated, RingRemoval.None, ZingerRemoval: true, budgetBytes)
            {
                ConeGeometry = ConeGeometryFile.Read(geometry),
            };
            ReconstructionEstimate estimate = reconstruction.Estimate(request);
            KernelRates kernelRates = rates.RatesFor(estimate.Work, out _);
            JsonElement run = await ReconstructAsync(input, geometry, output, center, budgetBytes, cancellationToken).ConfigureAwait(false);
            double seconds = run.GetProperty("seconds").GetDouble();
            int size = run.GetProperty("size").GetInt32();
            int slices = run.GetProperty("slices").GetInt32();
            double updates = (double)size * size * slices * projections;
            double seedUpdates = (double)SeedColumns * SeedColumns * SeedRows * SeedProjections;
            int seedSlabs = (int)Math.Ceiling((double)SeedRows * estimate.Units / rows);
            var seedWork = new ReconstructionWork(2.0 * (SeedProjections + 20) * SeedRows * SeedColumns, 0, seedUpdates) { ConeColumnVisits = (double)SeedColumns * SeedColumns * SeedProjections * seedSlabs };
            return new ScaleFigures(
                columns,
                rows,
                projections,
                budgetBytes,
                new FileInfo(input).Length,
                generate,
                estimate,
                kernelRates.Seconds(estimate.Work),
                seconds,
                run.GetProperty("peak_resident_bytes").GetInt64(),
                new FileInfo(output).Length,
                updates / seconds / 1e9,
                seconds * seedUpdates / updates,
                kernelRates.Seconds(seedWork));
        }
        finally
        {
            foreach (string path in new[] { input, geometry, output })
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>The reconstruction in a child process (this program again), its JSON result.</summary>
    private static async Task<JsonElement> ReconstructAsync(string input, string geometry, string output, double center, long budgetBytes, CancellationToken cancellationToken)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("this program's path is unknown");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string argument in new[] { "recon", input, "--geometry", geometry, "--center", center.ToString(CultureInfo.InvariantCulture), "--out", output, "--memory-gb", (budgetBytes / 1e9).ToString(CultureInfo.InvariantCulture), "--json" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {self}");
        Task<string> error = child.StandardError.ReadToEndAsync(cancellationToken);
        string text = await child.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return child.ExitCode == 0
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"the reconstruction exited with {child.ExitCode}: {(await error.ConfigureAwait(false)).Trim()}");
    }

    /// <summary>Projections of the cell (counts of a 20,000-count open beam), ten flats and ten darks, angles over 360°.</summary>
    private static void WriteDataset(string path, int columns, int rows, int projections)
    {
        int frame = rows * columns;
        var data = new ushort[(long)projections * frame];
        Parallel.For(0, projections, p =>
        {
            double angle = 2 * Math.PI * p / projections;
            (double sin, double cos) = Math.SinCos(angle);
            for (int r = 0; r < rows; r++)
            {
                double v = ((rows - 1) / 2.0 - r) * PixelMm;
                for (int c = 0; c < columns; c++)
                {
                    double u = (c - ((columns - 1) / 2.0)) * PixelMm;
                    double integral = Cell.LineIntegral(sin, cos, u, v);
                    data[((long)p * frame) + (r * columns) + c] = (ushort)Math.Round(OpenBeam * Math.Exp(-integral));
                }
            }
        });

        var flats = new ushort[10 * frame];
        Array.Fill(flats, OpenBeam);
        var file = new H5File
        {
            ["exchange"] = new H5Group
            {
                ["data"] = new H5Dataset(data, fileDims: [(ulong)projections, (ulong)rows, (ulong)columns]),
                ["data_white"] = new H5Dataset(flats, fileDims: [10, (ulong)rows, (ulong)columns]),
                ["data_dark"] = new H5Dataset(new ushort[10 * frame], fileDims: [10, (ulong)rows, (ulong)columns]),
                ["theta"] = Enumerable.Range(0, projections).Select(p => 360.0 * p / projections).ToArray(),
            },
        };
        file.Write(path);
    }

    /// <summary>
    /// The 18650 cell about the rotation axis (mm): a steel can (outer radius 9, wall 0.25 mm), the wound electrode
    /// inside (radius 8.75) around a hollow mandrel (radius 1), and three spherical inclusions.
    /// </summary>
    private static class Cell
    {
        private static readonly (double Radius, double Mu)[] Cylinders = [(9.0, 0.45), (8.75, -0.45 + 0.06), (1.0, -0.06)];
        private static readonly (double X, double Y, double Z, double Radius, double Mu)[] Spheres = [(4, 2, 0, 1.5, 0.3), (-5, -3, 0.5, 0.8, 0.5), (2, -6, -0.4, 0.5, 0.8)];

        /// <summary>The line integral of μ along the ray from the source to detector point (u, v) mm, the cell turned by the angle whose sine and cosine are given.</summary>
        public static double LineIntegral(double sin, double cos, double u, double v)
        {
            // In the cell's frame (the stage turned back by the angle): the source at −SOD along the turned beam axis,
            // the ray towards the detector point (u across, SDD along the axis, v up).
            double sx = -SourceToObjectMm * sin;
            double sy = -SourceToObjectMm * cos;
            double dx = (u * cos) + (SourceToDetectorMm * sin);
            double dy = (-u * sin) + (SourceToDetectorMm * cos);
            double dz = v;
            double length = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
            (dx, dy, dz) = (dx / length, dy / length, dz / length);
            double sum = 0;
            foreach ((double radius, double mu) in Cylinders)
            {
                double a = (dx * dx) + (dy * dy);
                double b = 2 * ((sx * dx) + (sy * dy));
                double c = (sx * sx) + (sy * sy) - (radius * radius);
                double discriminant = (b * b) - (4 * a * c);
                if (discriminant > 0)
                {
                    sum += mu * Math.Sqrt(discriminant) / a;
                }
            }

            foreach ((double x, double y, double z, double radius, double mu) in Spheres)
            {
                double tx = x - sx;
                double ty = y - sy;
                double along = (tx * dx) + (ty * dy) + (z * dz);
                double distance2 = (tx * tx) + (ty * ty) + (z * z) - (along * along);
                if (distance2 < radius * radius)
                {
                    sum += 2 * mu * Math.Sqrt((radius * radius) - distance2);
                }
            }

            return sum;
        }
    }
}
