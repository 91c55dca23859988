using System.Diagnostics;
using System.Globalization;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Phase;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Reconstruction.Quality;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>
/// Reconstructs a holotomography scan: the refractive index decrement δ from projections at several propagation
/// distances. Each distance's projections are corrected with that distance's flats and the shared darks into
/// intensities I/I₀, rescaled about the optical axis onto the grid of the most magnified distance (Fresnel scaling),
/// and moved back by that distance's registration shift, found once per distance by cross-correlating single-distance
/// Paganin images of a few spread angles with the reference distance's, then refined twice by registering each measured
/// hologram on the one the CTF retrieval of all distances predicts. Then, angle by angle, phase retrieval
/// (<see cref="PhaseRetriever"/>: CTF over every distance, refined by the non-linear model when asked, or Paganin on
/// the first) gives ∫δ ds, kept in a scratch file beside the output (<see cref="ProjectionScratch"/>), and filtered
/// back-projection the volume in slabs of rows sized from the memory budget, written as <c>/exchange/recon</c> with
/// <c>quantity = delta</c> as they are made: the same volume whatever the budget. The middle slice is also
/// reconstructed from the even and from the odd projections for a Fourier-ring-correlation resolution.
/// </summary>
internal sealed class PhaseReconstruction(string softwareVersion)
{
    /// <summary>
    /// Reconstructs an open file (the offline reconstruction opens it once to choose the technique): every angle
    /// retrieved into a scratch file beside the output, then δ back-projected from it; or, for a cluster job's part,
    /// its rows back-projected from the projections its preparation retrieved (<see cref="ReconstructionRequest.Retrieved"/>).
    /// </summary>
    public ReconstructionResult Run(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        PhaseInputs inputs = Inputs(file, request);
        string output = request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath);
        if (request.Retrieved is { } retrieved)
        {
            using ProjectionScratch prepared = ProjectionScratch.Open(retrieved.Path, inputs.Angles, file.Rows, file.Columns);
            return BackProject(file, request, inputs, prepared, retrieved, output, clock, cancellationToken) with { FlooredPixels = 0, Zingers = 0 };
        }

        if (request.Part is not null)
        {
            throw new InputException($"{inputs.Name}: a part of a holotomogram back-projects projections retrieved beforehand, and these are not retrieved yet (a cluster job's preparation retrieves them)");
        }

        using var projected = new ProjectionScratch(output + ".projected", inputs.Angles, file.Rows, file.Columns);
        return BackProject(file, request, inputs, projected, Retrieve(file, request, inputs, projected, cancellationToken), output, clock, cancellationToken);
    }

    /// <summary>
    /// Retrieves every angle into <c>retrieved.f32</c> in <paramref name="folder"/>, kept for a cluster job's parts, and
    /// returns the request with it and the axis found on it: the parts back-project their rows as a whole run would.
    /// </summary>
    public static ReconstructionRequest Decide(TomographyFile file, ReconstructionRequest request, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        PhaseInputs inputs = Inputs(file, request);
        Directory.CreateDirectory(folder);
        using var projected = new ProjectionScratch(Path.Combine(folder, "retrieved.f32"), inputs.Angles, file.Rows, file.Columns, keep: true);
        RetrievedProjections retrieved = Retrieve(file, request, inputs, projected, cancellationToken);
        return request with { CenterPx = retrieved.CenterPx, CenterSource = CenterSource(request), Retrieved = retrieved };
    }

    /// <summary>
    /// Registers the distances, retrieves every angle into <paramref name="projected"/>, finds the axis on the retrieved
    /// projections (unless given) and the middle slice's resolution.
    /// </summary>
    private static RetrievedProjections Retrieve(TomographyFile file, ReconstructionRequest request, PhaseInputs inputs, ProjectionScratch projected, CancellationToken cancellationToken)
    {
        (HolographyGeometry holography, DistanceGroup[] used) = (inputs.Holography, inputs.Used);
        int frameSize = file.Rows * file.Columns;
        float[] darkFrames = file.ReadDarks(file.Darks);
        ReferenceBlocks? darks = file.Darks.Count == 0 ? null : FrameReferences.Blocks(file.Darks, darkFrames, frameSize);
        var holograms = new HologramSource(file, darks, request, inputs.Name);
        foreach (DistanceGroup group in used)
        {
            holograms.AddFlats(group, holography);
        }

        double[] scales = [.. used.Select(g => holography.Magnification(inputs.Reference.Index) / holography.Magnification(g.Index))];
        (double Rows, double Columns)[] shifts = DistanceRegistration.Register(holograms, used, scales, inputs.Reference, inputs.Propagation, request.DeltaBeta);
        var retriever = new PhaseRetriever(file.Rows, file.Columns, inputs.Propagation, inputs.Settings);
        var projection = new float[frameSize];
        var retrievalClock = Stopwatch.StartNew();
        for (int a = 0; a < inputs.Angles; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<float[]> set = [.. used.Select((g, i) => holograms.Aligned(g.Projections[a], g, scales[i], shifts[i]))];
            retriever.Retrieve(set, projection);
            projected.Write(a, projection);
        }

        double secondsPerAngle = retrievalClock.Elapsed.TotalSeconds / inputs.Angles;
        double center = request.CenterPx ?? CenterSearch.InMostAttenuatingRows(projected.RowTotals, row => projected.ReadRows(row, 1), file.Columns, inputs.AnglesDeg);
        ParallelGeometry geometry = Geometry(file, inputs, center);
        double frcPx = HalfSetResolution(projected.ReadRows(file.Rows / 2, 1), file.Columns, geometry, request.Filter, new ReconstructionGrid(file.Columns));
        return new RetrievedProjections(projected.Path, center, [.. shifts.Select(s => s.Rows)], [.. shifts.Select(s => s.Columns)], frcPx, secondsPerAngle, holograms.Counts.Floored, holograms.Counts.Zingers);
    }

    /// <summary>δ back-projected from the retrieved projections in slabs of rows, those of the request's part (or all), written as they are made.</summary>
    private ReconstructionResult BackProject(TomographyFile file, ReconstructionRequest request, PhaseInputs inputs, ProjectionScratch projected, RetrievedProjections retrieved, string output, Stopwatch clock, CancellationToken cancellationToken)
    {
        VolumePart part = request.Part ?? new VolumePart(0, file.Rows);
        if (part.First < 0 || part.End > file.Rows || part.Slices < 1 || part.First % 2 != 0)
        {
            throw new InputException($"{inputs.Name}: slices {part.First}:{part.End} of the volume are outside its {file.Rows} slices or do not start on an even one");
        }

        int slabRows = SlabRows(file, inputs.Used.Length, inputs.Settings, inputs.Angles, request.MemoryBudgetBytes, retrieving: request.Retrieved is null, out long minimum)
            ?? throw MemoryBudget.TooSmall($"{inputs.Name}: the retrieval of one angle, or a slab of two rows of δ,", $"{inputs.Used.Length} distances of {file.Rows} x {file.Columns}, {inputs.Angles} angles", minimum, request.MemoryBudgetBytes);
        ParallelGeometry geometry = Geometry(file, inputs, retrieved.CenterPx);
        var grid = new ReconstructionGrid(file.Columns);
        var report = new PhaseReport(
            inputs.Method == PhaseRetrieval.Paganin ? "paganin" : "ctf",
            inputs.Settings.DeltaOverBeta,
            [.. inputs.Used.Select(g => g.Index)],
            inputs.Reference.Index,
            retrieved.ShiftsPx,
            inputs.PixelMm * 1000,
            retrieved.FrcResolutionPx,
            retrieved.RetrievalSecondsPerAngle);
        ReconstructionMetadata metadata = Metadata(request, retrieved.CenterPx, report, inputs, part.First, softwareVersion);
        using (var writer = new ReconstructionFileWriter(output, part.Slices, grid.Size, metadata, request.OutputType))
        {
            for (int first = part.First; first < part.End; first += slabRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(slabRows, part.End - first);
                writer.WriteSlab(first - part.First, ParallelFbp.Reconstruct(projected.ReadRows(first, count), count, geometry, request.Filter, grid));
            }

            writer.Complete();
        }

        return new ReconstructionResult(output, part.First, part.Slices, grid.Size, retrieved.CenterPx, metadata.CenterSource, metadata.Units, retrieved.FlooredPixels, retrieved.Zingers, clock.Elapsed.TotalSeconds, null)
        {
            Quantity = "delta",
            Phase = report,
        };
    }

    private static ParallelGeometry Geometry(TomographyScan file, PhaseInputs inputs, double center)
    {
        var geometry = new ParallelGeometry(file.Columns, center, inputs.AnglesDeg, inputs.PixelMm);
        OfflineReconstruction.Check(geometry.Validate, inputs.Name);
        return geometry;
    }

    private static string CenterSource(ReconstructionRequest request) =>
        request.CenterSource ?? (request.CenterPx is null ? "auto (Vo 2014), on the retrieved projections" : "given");

    /// <summary>The projections and flats of each distance, by index; every distance must have the same angles and its own flats.</summary>
    private static DistanceGroup[] Groups(TomographyScan file, HolographyGeometry holography, string name)
    {
        var groups = new List<DistanceGroup>();
        foreach (IGrouping<int, FrameRecord> distance in file.Projections.GroupBy(p => p.DistanceIndex).OrderBy(g => g.Key))
        {
            if (distance.Key < 0 || distance.Key >= holography.DistancesMm.Count)
            {
                throw new InputException($"{name}: projections at distance index {distance.Key}, but the file lists {holography.DistancesMm.Count} distances");
            }

            FrameRecord[] flats = [.. file.Flats.Where(f => f.DistanceIndex == distance.Key)];
            if (flats.Length == 0)
            {
                throw new InputException($"{name}: no flats were taken at distance {distance.Key} ({holography.DistancesMm[distance.Key]} mm); holotomography needs flats at every distance (flats: at: [each_distance])");
            }

            groups.Add(new DistanceGroup(distance.Key, [.. distance.OrderBy(p => p.AngleDeg)], flats));
        }

        FrameRecord[] first = groups[0].Projections;
        foreach (DistanceGroup group in groups.Skip(1))
        {
            if (group.Projections.Length != first.Length || group.Projections.Zip(first).Any(p => Math.Abs(p.First.AngleDeg - p.Second.AngleDeg) > 1e-6))
            {
                throw new InputException($"{name}: distance {group.Index} has {group.Projections.Length} projections at other angles than distance {groups[0].Index}'s {first.Length}; multi-distance retrieval needs every angle at every distance");
            }
        }

        return first.Length >= 2 ? [.. groups] : throw new InputException($"{name}: only {first.Length} projection per distance; a tomogram needs many angles");
    }

    /// <summary>
    /// Every angle retrieved from the distances used (the first alone for Paganin) into the scratch file, then δ
    /// back-projected from it in slabs of rows; for a cluster job's part, its rows back-projected from the projections
    /// retrieved before.
    /// </summary>
    public static ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        PhaseInputs inputs = Inputs(file, request);
        int angles = inputs.Angles;
        bool retrieving = request.Retrieved is null;
        int slices = request.Part?.Slices ?? file.Rows;
        int? slabRows = SlabRows(file, inputs.Used.Length, inputs.Settings, angles, request.MemoryBudgetBytes, retrieving, out long minimum);
        long bytes = slabRows is { } rows ? Math.Max(retrieving ? RetrievalBytes(file, inputs.Used.Length, inputs.Settings) : 0, SlabBytes(file, angles, rows)) : minimum;
        long plane = (long)file.Columns * file.Columns;
        long scratch = retrieving ? (long)angles * file.Rows * file.Columns * sizeof(float) : 0;
        return new ReconstructionEstimate(
            $"holotomography ({(inputs.Settings.Method == PhaseMethod.Paganin ? "paganin" : "ctf")} phase retrieval, FBP)",
            request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath),
            bytes,
            slices * plane * request.OutputType.BytesPerVoxel(),
            (slices * plane * request.OutputType.PeakDiskBytesPerVoxel()) + scratch,
            angles,
            "angles",
            request.MemoryBudgetBytes,
            minimum,
            retrieving ? RetrievalWork(file, inputs) with { ParallelUpdates = (double)plane * slices * angles } : new ReconstructionWork(0, (double)plane * slices * angles, 0));
    }

    /// <summary>What retrieving every angle takes: correcting every hologram and flat used, and one retrieval an angle.</summary>
    private static ReconstructionWork RetrievalWork(TomographyScan file, PhaseInputs inputs) =>
        new(
            (double)inputs.Used.Sum(g => g.Projections.Length + g.Flats.Length) * file.Rows * file.Columns,
            0,
            0,
            new PhaseWork(inputs.Angles, Fourier2D.NextPowerOfTwo(2 * file.Rows), Fourier2D.NextPowerOfTwo(2 * file.Columns), inputs.Settings.Method == PhaseMethod.Paganin ? "paganin" : "ctf", inputs.Used.Length, inputs.Settings.Iterations));

    /// <summary>A cluster job's preparation: the retrieval of every angle into the job folder (<see cref="Decide"/>).</summary>
    public static ReconstructionWork PreparationWork(TomographyScan file, ReconstructionRequest request) => RetrievalWork(file, Inputs(file, request));

    /// <summary>
    /// The thickest slab of rows (even, at most 64) whose back-projection fits the budget beside nothing else (the
    /// retrieval is done by then), or null when the retrieval of one angle (when <paramref name="retrieving"/>) or a
    /// slab of two rows does not fit; <paramref name="minimumBytes"/> is the larger of those two.
    /// </summary>
    private static int? SlabRows(TomographyScan file, int distances, PhaseRetrievalSettings settings, int angles, long budgetBytes, bool retrieving, out long minimumBytes)
    {
        minimumBytes = Math.Max(retrieving ? RetrievalBytes(file, distances, settings) : 0, SlabBytes(file, angles, 2));
        if (minimumBytes > budgetBytes)
        {
            return null;
        }

        int rows = 2;
        while (rows < 64 && SlabBytes(file, angles, rows + 2) <= budgetBytes)
        {
            rows += 2;
        }

        return rows;
    }

    /// <summary>The retriever's padded planes (four, one per distance, and the model's when refining) and each distance's hologram, flat and aligned copy.</summary>
    private static long RetrievalBytes(TomographyScan file, int distances, PhaseRetrievalSettings settings)
    {
        long padded = (long)Fourier2D.NextPowerOfTwo(2 * file.Rows) * Fourier2D.NextPowerOfTwo(2 * file.Columns);
        long planes = 4 + distances + (settings.Iterations > 0 ? (2L * distances) + 2 : 0);
        return sizeof(float) * ((padded * planes) + ((long)file.Rows * file.Columns * ((4L * distances) + 4)));
    }

    /// <summary>A slab's band of retrieved projections, its filtered copy, and three arrays of its slices.</summary>
    private static long SlabBytes(TomographyScan file, int angles, int rows) =>
        sizeof(float) * ((2L * angles * rows * file.Columns) + (3L * rows * file.Columns * file.Columns));

    /// <summary>What the run and the estimate both take from the file and the request, checked: the distances used (the first alone for Paganin), the retrieval's settings, the energy.</summary>
    private static PhaseInputs Inputs(TomographyScan file, ReconstructionRequest request)
    {
        string name = OfflineReconstruction.RequireWhole(request, "a holotomography scan");
        HolographyGeometry holography = file.Holography
            ?? throw new InputException($"{name} has projections at several distances but no holotomography geometry (/measurement/instrument/geometry: distances_mm, source_to_detector_mm, detector_pixel_size_um)");
        DistanceGroup[] groups = Groups(file, holography, name);
        PhaseRetrieval method = request.Phase == PhaseRetrieval.None ? PhaseRetrieval.Ctf : request.Phase;
        DistanceGroup[] used = method == PhaseRetrieval.Paganin ? [groups[0]] : groups;
        double energyEv = Energy(file, name);
        DistanceGroup reference = used.MaxBy(g => holography.Magnification(g.Index))!;
        double pixelMm = holography.PixelAtSampleMm(reference.Index);
        PropagationGeometry propagation = Propagation(energyEv, pixelMm, [.. used.Select(g => holography.EffectiveDistanceMm(g.Index))], name);
        return new PhaseInputs(name, holography, method, used, reference, Settings(method, request, name), energyEv, pixelMm, propagation);
    }

    private static double Energy(TomographyScan file, string name)
    {
        double[] energies = [.. file.Projections.Select(p => p.EnergyEv).Distinct()];
        return energies.Length == 1 && double.IsFinite(energies[0]) && energies[0] > 0
            ? energies[0]
            : throw new InputException($"{name}: phase retrieval needs the one photon energy of the scan in /exchange/energy; found {string.Join(", ", energies.Select(e => e.ToString(CultureInfo.InvariantCulture)))}");
    }

    private static PhaseRetrievalSettings Settings(PhaseRetrieval method, ReconstructionRequest request, string name)
    {
        try
        {
            var settings = new PhaseRetrievalSettings(method == PhaseRetrieval.Paganin ? PhaseMethod.Paganin : PhaseMethod.Ctf, request.DeltaBeta);
            (double low, double high) = request.CtfRegularisation ?? (settings.LowFrequencyRegularisation, settings.HighFrequencyRegularisation);
            return new PhaseRetrievalSettings(settings.Method, request.DeltaBeta, low, high, settings.Method == PhaseMethod.Ctf ? request.PhaseIterations : 0);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{name}: {Reason(e)}", e);
        }
    }

    private static PropagationGeometry Propagation(double energyEv, double pixelMm, double[] distancesMm, string name)
    {
        try
        {
            return new PropagationGeometry(energyEv, pixelMm, distancesMm);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{name}: {Reason(e)}", e);
        }
    }

    /// <summary>The middle row reconstructed from the even and from the odd angles' retrieved projections ([angle][column]), compared ring by ring.</summary>
    private static double HalfSetResolution(float[] middleRow, int columns, ParallelGeometry geometry, ReconstructionFilter filter, ReconstructionGrid grid)
    {
        int angles = geometry.AnglesDeg.Count;
        float[] Half(int parity)
        {
            int[] picked = [.. Enumerable.Range(0, angles).Where(a => a % 2 == parity)];
            var sinogram = new float[picked.Length * columns];
            for (int k = 0; k < picked.Length; k++)
            {
                Array.Copy(middleRow, picked[k] * columns, sinogram, k * columns, columns);
            }

            var half = geometry with { AnglesDeg = [.. picked.Select(a => geometry.AnglesDeg[a])] };
            return ParallelFbp.Reconstruct(sinogram, 1, half, filter, grid);
        }

        return FourierRingCorrelation.ResolutionPx(FourierRingCorrelation.Curve(Half(0), Half(1), grid.Size), grid.Size);
    }

    private static ReconstructionMetadata Metadata(ReconstructionRequest request, double center, PhaseReport report, PhaseInputs inputs, int firstRow, string softwareVersion)
    {
        var extra = new Dictionary<string, object>
        {
            ["quantity"] = "delta",
            ["phase_retrieval"] = report.Method,
            ["energy_ev"] = inputs.EnergyEv,
            ["distance_indices"] = report.Distances.ToArray(),
            ["propagation_distances_mm"] = inputs.Used.Select(g => inputs.Holography.EffectiveDistanceMm(g.Index)).ToArray(),
            ["reference_distance_index"] = report.ReferenceDistance,
            ["registration_shift_rows_px"] = report.ShiftsPx.Select(s => s.Rows).ToArray(),
            ["registration_shift_columns_px"] = report.ShiftsPx.Select(s => s.Columns).ToArray(),
            ["frc_resolution_um"] = report.FrcResolutionUm,
        };
        if (report.DeltaBeta is { } ratio)
        {
            extra["delta_beta"] = ratio;
        }

        return new ReconstructionMetadata(
            "1",
            report.PixelUm,
            center,
            CenterSource(request),
            "fbp",
            PlanNames.NameOf(PlanNames.Filters, request.Filter),
            request.Flats.ToString().ToLowerInvariant(),
            "none",
            request.ZingerRemoval,
            firstRow,
            request.InputPath,
            softwareVersion)
        {
            Extra = extra,
        };
    }

    /// <summary>The exception's message without the "(Parameter 'x')" that .NET appends.</summary>
    private static string Reason(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);

    internal sealed record DistanceGroup(int Index, FrameRecord[] Projections, FrameRecord[] Flats);

    /// <summary>What a run, its estimate and a cluster job's preparation take from the file and the request.</summary>
    private sealed record PhaseInputs(string Name, HolographyGeometry Holography, PhaseRetrieval Method, DistanceGroup[] Used, DistanceGroup Reference, PhaseRetrievalSettings Settings, double EnergyEv, double PixelMm, PropagationGeometry Propagation)
    {
        public int Angles => Reference.Projections.Length;

        public double[] AnglesDeg => [.. Reference.Projections.Select(p => p.AngleDeg)];
    }
}
