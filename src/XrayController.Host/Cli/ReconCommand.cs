using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Cluster;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Reports;
using XrayController.Pipelines.Techniques;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl recon FILE [--center auto|X] [--filter F] [--slices a:b] [--out F] [--tiff DIR] [--flats preceding|interpolated]
/// [--ring-removal none|sort|mean] [--zinger-removal on|off] [--algorithm fbp] [--memory-gb G] [--dtype float32|float16|uint16] [--estimate] [--json]</c>,
/// here or, with <c>--slurm</c>, as a Slurm job array (<see cref="SlurmOptions"/>).
/// </summary>
internal static class ReconCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "A Data Exchange or NXtomo HDF5 file (none with --resume).", Arity = ArgumentArity.ZeroOrOne };
        var center = new Option<string>("--center") { Description = "Rotation-axis column (0-based, pixel j's centre at j, stored pixels), or auto.", DefaultValueFactory = _ => "auto" };
        var filter = new Option<string>("--filter") { Description = "ramp, shepp-logan, cosine, hamming or hann.", DefaultValueFactory = _ => "shepp-logan" };
        var slices = new Option<string?>("--slices") { Description = "Detector rows to reconstruct, a:b (b excluded); default all." };
        var output = new Option<string?>("--out") { Description = "Output file; default FILE_recon.h5 beside the input." };
        var tiff = new Option<string?>("--tiff") { Description = "Also write the slices as a 32-bit TIFF stack into this folder." };
        var flats = new Option<string>("--flats") { Description = "preceding (the last flats before each projection) or interpolated (between the flats before and after).", DefaultValueFactory = _ => "interpolated" };
        var rings = new Option<string>("--ring-removal") { Description = "none, sort (sorting-based stripe removal) or mean (column-mean stripe removal).", DefaultValueFactory = _ => "none" };
        var zingers = new Option<string>("--zinger-removal") { Description = "on or off.", DefaultValueFactory = _ => "on" };
        var algorithm = new Option<string>("--algorithm") { Description = "auto (fdk for a cone-beam file, else fbp), fbp or fdk.", DefaultValueFactory = _ => "auto" };
        Option<double> memory = MemoryBudgetOption.Create("the slabs being reconstructed");
        var phase = new Option<string>("--phase") { Description = "Phase retrieval of a holotomography file: paganin (single distance, needs --delta-beta), ctf (every distance; with --delta-beta the homogeneous variant) or none (ctf for a multi-distance file).", DefaultValueFactory = _ => "none" };
        var deltaBeta = new Option<double?>("--delta-beta") { Description = "δ/β of the sample's material (Paganin, homogeneous CTF), e.g. about 150 for NMC at 33.6 keV." };
        var iterations = new Option<int>("--phase-iterations") { Description = "Non-linear refinements of the ctf retrieval (0: the linear CTF alone).", DefaultValueFactory = _ => ReconstructionSettings.DefaultPhaseIterations };
        var regularisation = new Option<string?>("--ctf-regularisation") { Description = "The CTF's regularisation below and above the first maximum of the phase transfer, LOW,HIGH (default 0.001,0.01)." };
        var geometry = new Option<string?>("--geometry") { Description = "A cone-beam geometry for the file: JSON parameters (sod_mm, sdd_mm, pixel_size_mm, principal_point_px, angles_deg, source_rotation, columns, rows, detector_tilt_deg), an RTK geometry XML file, or a folder of plastimatch projection matrices." };
        var region = new Option<string?>("--roi") { Description = "Cone beam, local tomography: reconstruct only the cylinder X,Y,DIAMETER (mm, about the rotation axis); truncated projections are extended before filtering." };
        var voxel = new Option<double?>("--voxel-um") { Description = "Cone beam: the voxel in µm (default the detector pixel at the axis); finer voxels suit a region of interest." };
        var grid = new Option<string?>("--grid") { Description = "Cone beam: the grid NX,NY,NZ in voxels (NX = NY), centred on the axis unless --origin-mm places it." };
        var origin = new Option<string?>("--origin-mm") { Description = "Cone beam, with --grid: the centre of the first voxel X,Y,Z in mm (the lowest x, y and z; z up the axis), as RTK and plastimatch give it." };
        var half = new Option<string>("--half-acquisition") { Description = "A full turn (cone or parallel beam): auto (a half-acquisition, its redundant rays weighed, when the axis lies far off the detector's centre), on or off.", DefaultValueFactory = _ => "auto" };
        var dtype = new Option<string>("--dtype") { Description = "How the volume is stored: float32, float16 (half the bytes, 3 digits) or uint16 (half the bytes, scaled over the volume's range: value = stored x scale_factor + add_offset).", DefaultValueFactory = _ => "float32" };
        var estimate = new Option<bool>("--estimate") { Description = "Do not reconstruct: report the peak memory, the bytes written and the time on this machine (kernels calibrated once per machine)." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var cluster = new SlurmOptions("the reconstruction", ClusterReconstruction.DefaultSlicesPerPart, assembles: true);
        var command = new Command("recon", "Reconstruct a tomography file (filtered back-projection) into FILE_recon.h5, here or as a Slurm job array.")
        {
            file, center, filter, slices, output, tiff, flats, rings, zingers, algorithm, memory, phase, deltaBeta, iterations, regularisation, geometry, region, voxel, grid, origin, half, dtype, estimate, json,
        };
        foreach (Option option in cluster.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            bool slurm = cluster.Asked(parse);
            if (slurm && cluster.Resuming(parse))
            {
                if (parse.GetValue(file) is not null)
                {
                    throw new InputException("--resume continues the job folder's own file and settings: give no FILE");
                }

                using IHost resumed = XrayctlHost.Build();
                return await cluster.RunAsync(parse, resumed, null, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            ReconstructionRequest request = Request(
                parse.GetValue(file) ?? throw new InputException("recon needs a FILE to reconstruct"), parse.GetValue(center)!, parse.GetValue(filter)!, parse.GetValue(slices), parse.GetValue(output), parse.GetValue(tiff),
                parse.GetValue(flats)!, parse.GetValue(rings)!, parse.GetValue(zingers)!, parse.GetValue(algorithm)!, parse.GetValue(memory)) with
            {
                Phase = PhaseOption(parse.GetValue(phase)!),
                DeltaBeta = parse.GetValue(deltaBeta),
                PhaseIterations = parse.GetValue(iterations),
                CtfRegularisation = RegularisationOption(parse.GetValue(regularisation)),
                Region = parse.GetValue(region) is { } text ? RegionOption(text) : null,
                OutputType = VolumeTypes.Names.TryGetValue(parse.GetValue(dtype)!, out VolumeType type) ? type : throw new InputException($"--dtype must be {string.Join(", ", VolumeTypes.Names.Keys)}; got '{parse.GetValue(dtype)}'"),
                Grid = GridOption(parse.GetValue(grid), parse.GetValue(origin)),
                HalfAcquisition = parse.GetValue(half) switch
                {
                    "auto" => null,
                    "on" => true,
                    "off" => false,
                    var other => throw new InputException($"--half-acquisition must be auto, on or off; got '{other}'"),
                },
                VoxelUm = parse.GetValue(voxel) is { } v ? (v > 0 && double.IsFinite(v) ? v : throw new InputException($"--voxel-um must be a positive number; got {v}")) : null,
            };
            if (parse.GetValue(geometry) is { } stated)
            {
                request = request.WithConeGeometry(stated);
            }

            using IHost host = XrayctlHost.Build();
            if (slurm)
            {
                return parse.GetValue(estimate)
                    ? throw new InputException("--estimate reports a reconstruction on this machine: leave out --slurm (recon --slurm states what each task asks of Slurm when it submits)")
                    : await cluster.RunAsync(parse, host, (services, options) => services.GetRequiredService<ClusterReconstruction>().Submit(request, options), parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            OfflineReconstruction reconstruction = host.Services.GetRequiredService<OfflineReconstruction>();
            if (parse.GetValue(estimate))
            {
                ReconstructionEstimate estimated = reconstruction.Estimate(request);
                var report = EstimateReport.Timed(estimated, host.Services.GetRequiredService<KernelRateCache>(), OfflineReconstruction.FreeBytes(estimated));
                await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? report.Json() : report.Line()).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            ReconstructionResult result = await Task.Run(() => reconstruction.Run(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (string warning in result.Warnings)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"xrayctl: warning: {warning}").ConfigureAwait(false);
            }

            (IReadOnlyList<string> figures, string? unfigured) = Figures(result);
            if (unfigured is not null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"xrayctl: warning: no figures of {result.OutputPath}: {unfigured}").ConfigureAwait(false);
            }

            string summary = ScanReport.SummaryPath(Path.GetDirectoryName(result.OutputPath) ?? ".", Path.GetFileNameWithoutExtension(result.OutputPath));
            string line = Line(result) + FinalVolumeFigures.Describe(figures);
            string page = ScanReport.Write(summary, Json(result, request.InputPath, figures, ScanReport.ReportPath(summary)), line);
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? Json(result, request.InputPath, figures, page) : line + Environment.NewLine + "report -> " + page).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ReconstructionRequest Request(string file, string center, string filter, string? slices, string? output, string? tiff, string flats, string rings, string zingers, string algorithm, double memoryGb)
    {
        ReconstructionAlgorithm? chosen = algorithm switch
        {
            "auto" => null,
            "fbp" => ReconstructionAlgorithm.Fbp,
            "fdk" => ReconstructionAlgorithm.Fdk,
            _ => throw new InputException($"--algorithm must be auto, fbp or fdk; got '{algorithm}'"),
        };

        double? centerPx = center == "auto" ? null
            : double.TryParse(center, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value
            : throw new InputException($"--center must be auto or a column number; got '{center}'");
        (int? first, int? end) = slices is null ? ((int?)null, (int?)null) : Range(slices);
        return new ReconstructionRequest(
            file,
            centerPx,
            FilterOption(filter),
            first,
            end,
            output,
            tiff,
            flats switch
            {
                "preceding" => FlatMode.Preceding,
                "interpolated" => FlatMode.Interpolated,
                _ => throw new InputException($"--flats must be preceding or interpolated; got '{flats}'"),
            },
            RingRemovalOption(rings),
            zingers switch
            {
                "on" => true,
                "off" => false,
                _ => throw new InputException($"--zinger-removal must be on or off; got '{zingers}'"),
            },
            MemoryBudgetOption.Bytes(memoryGb))
        {
            Algorithm = chosen,
        };
    }

    private static GridRequest? GridOption(string? grid, string? origin)
    {
        if (grid is null)
        {
            return origin is null ? null : throw new InputException("--origin-mm places the grid --grid gives: add --grid NX,NY,NZ");
        }

        string[] sizes = grid.Split(',');
        int[] counts = [.. sizes.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 1 << 16 ? n : 0)];
        if (counts.Length != 3 || counts.Contains(0))
        {
            throw new InputException($"--grid must be NX,NY,NZ, three whole numbers of voxels from 1 to 65536; got '{grid}'");
        }

        if (origin is null)
        {
            return new GridRequest(counts[0], counts[1], counts[2], null);
        }

        double[] mm = [.. origin.Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : double.NaN)];
        return mm.Length == 3 && !mm.Any(double.IsNaN)
            ? new GridRequest(counts[0], counts[1], counts[2], (mm[0], mm[1], mm[2]))
            : throw new InputException($"--origin-mm must be X,Y,Z in mm; got '{origin}'");
    }

    private static ConeRegion RegionOption(string value)
    {
        double[] parts = [.. value.Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : double.NaN)];
        return parts.Length == 3 && !parts.Any(double.IsNaN) && parts[2] > 0
            ? new ConeRegion(parts[0], parts[1], parts[2])
            : throw new InputException($"--roi must be X,Y,DIAMETER in mm with a positive diameter; got '{value}'");
    }

    public static ReconstructionFilter FilterOption(string value) =>
        PlanNames.Filters.TryGetValue(value, out ReconstructionFilter filter)
            ? filter
            : throw new InputException($"--filter '{value}' is not one of {string.Join(", ", PlanNames.Filters.Keys)}");

    public static PhaseRetrieval PhaseOption(string value) =>
        PlanNames.PhaseMethods.TryGetValue(value, out PhaseRetrieval phase)
            ? phase
            : throw new InputException($"--phase '{value}' is not one of {string.Join(", ", PlanNames.PhaseMethods.Keys)}");

    private static (double Low, double High)? RegularisationOption(string? value)
    {
        if (value is null)
        {
            return null;
        }

        string[] parts = value.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double low)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double high)
            ? (low, high)
            : throw new InputException($"--ctf-regularisation must be LOW,HIGH (two numbers); got '{value}'");
    }

    public static RingRemoval RingRemovalOption(string value) => value switch
    {
        "none" => RingRemoval.None,
        "sort" => RingRemoval.Sort,
        "mean" => RingRemoval.Mean,
        _ => throw new InputException($"--ring-removal must be none, sort or mean; got '{value}'"),
    };

    private static (int First, int End) Range(string text)
    {
        string[] parts = text.Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int first)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int end)
            ? (first, end)
            : throw new InputException($"--slices must be a:b (first row, row after the last); got '{text}'");
    }

    private static string Line(ReconstructionResult r) => string.Create(CultureInfo.InvariantCulture,
        $"reconstructed {(r.Phase is { } p ? $"delta by {p.Method} phase retrieval ({p.Distances.Count} distances, FRC resolution {p.FrcResolutionUm * 1000:0} nm), " : string.Empty)}{(r.Energies > 1 ? $"{r.Energies} energies x " : string.Empty)}{r.Slices} slices of {r.Size} x {r.Size} from row {r.FirstSlice} (centre {r.CenterPx:0.###}, {r.CenterSource}; {r.Units}) in {r.Seconds:0.0} s -> {r.OutputPath}{(r.FlooredPixels > 0 ? $"; {r.FlooredPixels} pixels floored" : string.Empty)}{(r.Zingers > 0 ? $"; {r.Zingers} zingers removed" : string.Empty)}");

    /// <summary>The orthoslices of a single volume (a spectral stack has none), or why they could not be drawn (a file that does not give its voxel size).</summary>
    private static (IReadOnlyList<string> Figures, string? Why) Figures(ReconstructionResult result)
    {
        if (result.Energies > 1)
        {
            return ([], null);
        }

        try
        {
            return (FinalVolumeFigures.Write(result.OutputPath), null);
        }
        catch (Exception e) when (e is InvalidDataException or InputException)
        {
            return ([], e.Message);
        }
    }

    private static string Json(ReconstructionResult r, string input, IReadOnlyList<string> figures, string report) => JsonSerializer.Serialize(
        new Dictionary<string, object?>
        {
            ["input"] = input,
            ["output"] = r.OutputPath,
            ["figures"] = figures,
            ["report"] = report,
            ["energies"] = r.Energies,
            ["first_slice"] = r.FirstSlice,
            ["slices"] = r.Slices,
            ["size"] = r.Size,
            ["center_px"] = r.CenterPx,
            ["center_source"] = r.CenterSource,
            ["units"] = r.Units,
            ["quantity"] = r.Quantity,
            ["phase_retrieval"] = r.Phase?.Method,
            ["delta_beta"] = r.Phase?.DeltaBeta,
            ["frc_resolution_um"] = r.Phase?.FrcResolutionUm,
            ["floored_pixels"] = r.FlooredPixels,
            ["zingers_removed"] = r.Zingers,
            ["seconds"] = Math.Round(r.Seconds, 3),
            ["peak_resident_bytes"] = PeakResidentBytes(),
            ["tiff"] = r.TiffDirectory,
            ["warnings"] = r.Warnings,
        },
        new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The most memory this process has held resident (the reconstruction's peak, with the runtime's baseline).</summary>
    private static long PeakResidentBytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
