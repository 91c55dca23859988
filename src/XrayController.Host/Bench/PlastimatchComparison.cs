using System.Diagnostics;
using System.Globalization;
using System.Text;
using XrayController.Core.Diagnostics;
using XrayController.Host.Hosting;
using PureHDF;
using XrayController.Reconstruction.Cone;
using XrayController.Simulators.Physics;

namespace XrayController.Host.Bench;

/// <summary>
/// FDK here against <c>plastimatch fdk</c> on the same projections: RMSE of each volume against the phantom (1/mm)
/// inside a central cylinder, plastimatch's after the best affine fit to the phantom (its output is in HU); median wall
/// times of three runs of each program, each reading the projections and writing its volume.
/// </summary>
public sealed record PlastimatchFigures(int Size, int Projections, double RmsePerMm, double PlastimatchRmsePerMm, double Seconds, double PlastimatchSeconds, double DrrSeconds)
{
    public double RmseRatio => RmsePerMm / PlastimatchRmsePerMm;

    public double SpeedUp => PlastimatchSeconds / Seconds;
}

/// <summary>
/// Cross-checks FDK with plastimatch (Debian package <c>plastimatch</c>): a 3D Shepp–Logan phantom (mm, 1/mm) is
/// voxelised into a MetaImage, <c>plastimatch drr</c> (exact ray tracing) projects it over 360° in a cone beam (source
/// 2N mm from the axis, detector at 4N mm, N pixels of 2 mm), and both programs reconstruct those projections into N³
/// voxels of 1 mm: plastimatch with <c>fdk</c>, this program as a user runs it, <c>xrayctl recon</c> in a process of its
/// own on a Data Exchange file of the images with <c>--geometry</c> the folder of plastimatch's projection matrices and
/// <c>--grid</c> plastimatch's grid. plastimatch's images hold ∫μ ds with μ taken per cm (a tenth of the line integral
/// in 1/mm·mm), rows from the top.
/// </summary>
public static class PlastimatchComparison
{
    public const string Executable = "plastimatch";

    public static bool Available() => FindOnPath(Executable) is not null;

    public static PlastimatchFigures Run(int size, int projections, string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        double sad = 2.0 * size;
        double sid = 4.0 * size;
        double pixel = 2.0;
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: size / 2.0, maxLineIntegral: 2.0);
        string volume = Path.Combine(workDirectory, "phantom.mha");
        WriteMetaImage(volume, size, (x, y, z) => (float)VoxelMean(phantom, new Vector3D(x, y, z)));
        string projectionDirectory = Path.Combine(workDirectory, "proj");
        Directory.CreateDirectory(projectionDirectory);
        double drr = RunTool(workDirectory, "drr", "-t", "pfm", "-a", Invariant(projections), "-N", Invariant(360.0 / projections), "--sad", Invariant(sad), "--sid", Invariant(sid),
            "-r", $"{size} {size}", "-z", Invariant($"{size * pixel} {size * pixel}"), "-P", "none", "-i", "exact", "-I", volume, "-O", Path.Combine(projectionDirectory, "image"));
        string theirs = Path.Combine(workDirectory, "fdk.mha");
        double theirSeconds = Median(() => RunTool(workDirectory, "fdk", "-I", projectionDirectory, "-O", theirs, "-r", $"{size} {size} {size}", "-z", Invariant($"{size} {size} {size}"), "-A", "cpu"));

        // Ours as a user runs it: the images in a Data Exchange file, then xrayctl recon from plastimatch's matrices on its grid.
        string scan = WriteExchangeFile(Path.Combine(workDirectory, "drr.h5"), projectionDirectory, size, projections);
        string ours = Path.Combine(workDirectory, "ours.h5");
        double c = (size - 1) / 2.0;
        string[] recon = [.. ThisProgram.Command().Skip(1), "recon", scan, "--geometry", projectionDirectory, "--grid", Invariant($"{size},{size},{size}"), "--voxel-um", "1000",
            "--origin-mm", Invariant($"{-c},{-c},{-c}"), "--filter", "ramp", "--out", ours];
        double ourSeconds = Median(() => Run(ThisProgram.Command()[0], workDirectory, recon));
        var grid = ConeGrid.FromOrigin(size, size, 1, (-c, -c, -c));
        float[] reconstructed;
        using (var file = H5File.OpenRead(ours))
        {
            reconstructed = file.Dataset("/exchange/recon").Read<float[]>();
        }

        // Ours: slice k at z = grid.Z(k), row i at y = grid.Y(i), column j at x = grid.X(j).
        double ourRmse = Rmse(size, (k, i, j) => reconstructed[(((k * size) + i) * size) + j], (k, i, j) => new Vector3D(grid.X(j), grid.Y(i), grid.Z(k)), phantom, affine: false);
        float[] their = ReadMetaImage(theirs, size);
        double theirRmse = Rmse(size, (k, i, j) => their[(((k * size) + i) * size) + j], (k, i, j) => new Vector3D(j - c, i - c, k - c), phantom, affine: true);
        return new PlastimatchFigures(size, projections, ourRmse, theirRmse, ourSeconds, theirSeconds, drr);
    }

    /// <summary>The median of three timings.</summary>
    private static double Median(Func<double> seconds)
    {
        double[] times = [seconds(), seconds(), seconds()];
        Array.Sort(times);
        return times[1];
    }

    /// <summary>RMSE against the phantom over voxels within 80 % of the radius and of the half-height (the cone's edges left out); optionally after the best affine map of the values.</summary>
    private static double Rmse(int size, Func<int, int, int, float> value, Func<int, int, int, Vector3D> centre, Phantom phantom, bool affine)
    {
        var pairs = new List<(double Value, double Truth)>();
        double limit = 0.8 * size / 2;
        for (int k = 0; k < size; k++)
        {
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    Vector3D p = centre(k, i, j);
                    if ((p.X * p.X) + (p.Y * p.Y) <= limit * limit && Math.Abs(p.Z) <= limit)
                    {
                        pairs.Add((value(k, i, j), VoxelMean(phantom, p)));
                    }
                }
            }
        }

        (double a, double b) = (1, 0);
        if (affine)
        {
            double mv = pairs.Average(p => p.Value);
            double mt = pairs.Average(p => p.Truth);
            double covariance = pairs.Sum(p => (p.Value - mv) * (p.Truth - mt));
            double variance = pairs.Sum(p => (p.Value - mv) * (p.Value - mv));
            a = variance > 0 ? covariance / variance : 0;
            b = mt - (a * mv);
        }

        return Math.Sqrt(pairs.Average(p => Math.Pow((a * p.Value) + b - p.Truth, 2)));
    }

    /// <summary>The phantom's mean over the 1 mm voxel centred at a point (3 × 3 × 3 samples): the voxelised input and the truth a voxel of a reconstruction should hold.</summary>
    private static double VoxelMean(Phantom phantom, Vector3D centre)
    {
        double sum = 0;
        for (int a = -1; a <= 1; a++)
        {
            for (int b = -1; b <= 1; b++)
            {
                for (int c = -1; c <= 1; c++)
                {
                    sum += phantom.AttenuationAt(centre + new Vector3D(a / 3.0, b / 3.0, c / 3.0));
                }
            }
        }

        return sum / 27;
    }

    /// <summary>
    /// plastimatch's images image0000.pfm … in order (rows from the top, ∫μ ds per cm) as a user converts them: a Data
    /// Exchange file of intensities exp(−10·value) under flats of 1, the gantry angles as theta.
    /// </summary>
    private static string WriteExchangeFile(string path, string directory, int size, int projections)
    {
        var data = new float[projections * size * size];
        for (int p = 0; p < projections; p++)
        {
            string image = Path.Combine(directory, Invariant($"image{p:0000}.pfm"));
            using var reader = new BinaryReader(File.OpenRead(image));
            string kind = Line(reader);
            string[] dims = Line(reader).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double scale = double.Parse(Line(reader), CultureInfo.InvariantCulture);
            if (kind != "Pf" || dims.Length != 2 || int.Parse(dims[0], CultureInfo.InvariantCulture) != size || int.Parse(dims[1], CultureInfo.InvariantCulture) != size || scale >= 0)
            {
                throw new InvalidDataException($"{image} is not a little-endian {size} × {size} grey PFM image");
            }

            for (int i = 0; i < size * size; i++)
            {
                data[(p * size * size) + i] = (float)Math.Exp(-10 * reader.ReadSingle());
            }
        }

        new H5File
        {
            ["exchange"] = new H5Group
            {
                ["data"] = new H5Dataset(data, fileDims: [(ulong)projections, (ulong)size, (ulong)size]),
                ["data_white"] = new H5Dataset(Enumerable.Repeat(1f, 2 * size * size).ToArray(), fileDims: [2, (ulong)size, (ulong)size]),
                ["theta"] = new H5Dataset(Enumerable.Range(0, projections).Select(p => 360.0 * p / projections).ToArray(), fileDims: [(ulong)projections]),
            },
        }.Write(path);
        return path;
    }

    private static string Line(BinaryReader reader)
    {
        var text = new StringBuilder();
        for (char c = reader.ReadChar(); c != '\n'; c = reader.ReadChar())
        {
            text.Append(c);
        }

        return text.ToString().Trim();
    }

    /// <summary>A MetaImage of size³ float voxels of 1 mm centred on the origin, x fastest.</summary>
    private static void WriteMetaImage(string path, int size, Func<double, double, double, float> value)
    {
        double c = (size - 1) / 2.0;
        using var stream = File.Create(path);
        stream.Write(Encoding.ASCII.GetBytes(Invariant($"ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\nCompressedData = False\nTransformMatrix = 1 0 0 0 1 0 0 0 1\nOffset = {-c} {-c} {-c}\nCenterOfRotation = 0 0 0\nAnatomicalOrientation = RAI\nElementSpacing = 1 1 1\nDimSize = {size} {size} {size}\nElementType = MET_FLOAT\nElementDataFile = LOCAL\n")));
        using var writer = new BinaryWriter(stream);
        for (int k = 0; k < size; k++)
        {
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    writer.Write(value(j - c, i - c, k - c));
                }
            }
        }
    }

    private static float[] ReadMetaImage(string path, int size)
    {
        byte[] bytes = File.ReadAllBytes(path);
        byte[] marker = Encoding.ASCII.GetBytes("ElementDataFile = LOCAL\n");
        int start = bytes.AsSpan().IndexOf(marker) + marker.Length;
        if (start < marker.Length || bytes.Length - start != 4L * size * size * size)
        {
            throw new InvalidDataException($"{path} is not a MetaImage of {size}³ float voxels");
        }

        var values = new float[size * size * size];
        Buffer.BlockCopy(bytes, start, values, 0, values.Length * 4);
        return values;
    }

    /// <summary>Runs a plastimatch command to the end; its wall time in seconds.</summary>
    private static double RunTool(string workDirectory, params string[] arguments) => Run(Executable, workDirectory, arguments);

    /// <summary>Runs a program to the end; its wall time in seconds.</summary>
    private static double Run(string program, string workDirectory, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InputException($"cannot start {program}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InputException($"{Path.GetFileName(program)} {string.Join(' ', arguments.Take(2))} failed with exit code {process.ExitCode}: {error.Result}{output.Result}");
        }

        return seconds;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
