using System.Diagnostics;
using System.Globalization;
using PureHDF;
using XrayController.Analysis;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// Reconstructs a cone-beam scan from a fixed source (the file's source-to-object and source-to-detector distances and
/// its pixel at the sample) with FDK: the whole field at the natural voxel (the pixel at the axis) or the voxel asked,
/// or only a region of interest, with truncated projections extended (<see cref="Fdk"/>). The projections are
/// corrected as for parallel beams. The rotation axis's column is the principal point's: given, or found from the
/// conjugate rays of the central row (<see cref="ConeCenter"/>, which needs a full turn) in the first tile. A single
/// tile is reconstructed in slabs of slices that fit the memory budget, the same volume whatever the budget; a scan of
/// several vertical tiles is reconstructed tile by tile in memory and the tiles stitched. The volume records the height
/// of its top slice (<c>top_z_mm</c>) and each seam's registration.
/// </summary>
internal sealed class ConeReconstruction(string softwareVersion)
{
    /// <summary>Reconstructs an open file (the offline reconstruction opens it once to choose the technique).</summary>
    public ReconstructionResult Run(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        ConeScanInputs scan = ConeScanInputs.Of(file, request);
        double center = request.CenterPx ?? scan.GivenCenterPx ?? FindCenter(file, request, scan);
        cancellationToken.ThrowIfCancellationRequested();
        return scan.Tiles.Count == 1
            ? InSlabs(file, request, scan, center, clock, cancellationToken)
            : Stitched(file, request, scan, center, clock, cancellationToken);
    }

    /// <summary>
    /// The slices of a single tile's volume (the axis at the middle column when it is to be found: the grid does not
    /// depend on it). The tiles of a stitched scan depend on each other (their registration), so such a scan is
    /// reconstructed whole.
    /// </summary>
    public static int SplitSlices(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        ConeScanInputs scan = ConeScanInputs.Of(file, request);
        if (scan.Tiles.Count > 1)
        {
            throw RequestChecks.Unsplittable(request, $"a cone-beam scan of {scan.Tiles.Count} tiles, stitched from each other's overlaps");
        }

        double center = request.CenterPx ?? scan.GivenCenterPx ?? scan.RecordedCenterPx ?? scan.MiddleColumn;
        return ConeVolumeGrid.For(request, scan.Geometry(0, center), file, scan.Name).Slices;
    }

    /// <summary>
    /// A single tile made ready to reconstruct in parts: the rotation axis found as <see cref="Run"/> finds it, and
    /// whether truncated projections are extended decided from every row.
    /// </summary>
    public static ReconstructionRequest Decide(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        ConeScanInputs scan = ConeScanInputs.Of(file, request);
        ReconstructionRequest decided = request.CenterPx is not null ? request
            : request with { CenterPx = scan.GivenCenterPx ?? FindCenter(file, request, scan), CenterSource = CenterSource(request) };
        bool extend = request.Region is not null
            || (request.ExtendTruncated ?? Truncation.Scan(new SlabCorrector(file, request), file.Rows, Truncation.BandRows(file, request.MemoryBudgetBytes), request.RingRemoval, file.Columns, cancellationToken));
        return decided with { ExtendTruncated = extend };
    }

    /// <summary>
    /// One tile in slabs of slices sized from the memory budget (<see cref="ConeSlabPlan"/>, <see cref="SlabbedFdk"/>),
    /// written as they are made. Whether truncated projections are extended is decided first, from every row: read with
    /// the volume when one slab takes the whole detector, else in a pass of its own.
    /// </summary>
    private ReconstructionResult InSlabs(TomographyFile file, ReconstructionRequest request, ConeScanInputs scan, double center, Stopwatch clock, CancellationToken cancellationToken)
    {
        ConeGeometry geometry = scan.Geometry(0, center);
        ConeGrid grid = ConeVolumeGrid.For(request, geometry, file, scan.Name);
        int references = file.Flats.Count + file.Darks.Count;
        VolumePart part = Part(request, grid, scan.Name);
        ConeSlabPlan plan = ConeSlabPlan.Make(geometry, grid, file.Projections.Count, references, request.MemoryBudgetBytes, scan.Name, out long minimum, part)
            ?? throw MemoryBudget.TooSmall($"{scan.Name}: one slice of the {grid.Size}² × {grid.Slices} volume", $"the detector rows it sees in a group of projections", minimum, request.MemoryBudgetBytes);
        RequireAllAtOnce(plan, request, file.Projections.Count, scan.Name);
        bool wholeAtOnce = plan.Slabs.Count == 1 && plan.Slabs[0].Band == DetectorBand.Whole(geometry) && plan.ProjectionsPerPass == file.Projections.Count;
        bool? extend = request.Region is not null ? true
            : request.ExtendTruncated is { } decided ? decided
            : wholeAtOnce ? null
            : Truncation.Scan(new SlabCorrector(file, request), file.Rows, Truncation.BandRows(file, request.MemoryBudgetBytes), request.RingRemoval, file.Columns, cancellationToken);
        string output = request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath);
        var fdk = new SlabbedFdk(file, file.Projections, request, geometry, grid, extend);
        fdk.Run(
            plan,
            extended => new ReconstructionFileWriter(output, part.Slices, grid.Size, Metadata(request, scan, geometry, grid, center, grid.Z(part.First) - scan.TilePositionsMm[0], [], extended), request.OutputType),
            cancellationToken);
        return new ReconstructionResult(output, part.First, part.Slices, grid.Size, center, CenterSource(request), "1/mm", fdk.Counts.Floored, fdk.Counts.Zingers, clock.Elapsed.TotalSeconds, null)
        {
            Warnings = request.Grid is not null && ConeVolumeGrid.OutsideField(geometry, grid) is { } warning ? [warning] : [],
        };
    }

    /// <summary>Stripe removal filters each detector row's sinogram of every projection: a plan that takes the projections in groups cannot do it.</summary>
    private static void RequireAllAtOnce(ConeSlabPlan plan, ReconstructionRequest request, int projections, string name)
    {
        if (request.RingRemoval != RingRemoval.None && plan.ProjectionsPerPass < projections)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{name}: stripe removal needs every projection of a detector row at once, and the {request.MemoryBudgetBytes / 1e9:0.###} GB budget holds one slice's rows of only {plan.ProjectionsPerPass} of the {projections} at a time: give --memory-gb {MemoryBudget.SmallestGigabytes(plan.AllAtOnceMinimumBytes):0.00} or more, or --ring-removal none"));
        }
    }

    /// <summary>
    /// Several vertical tiles, none held whole (<see cref="TilesPlan"/>): whether truncated projections are extended is
    /// decided from every row first; each tile is reconstructed in slabs from its own projections into a scratch file
    /// beside the output; the neighbours are registered from their overlaps and the stitched volume made and written a
    /// slab of slices at a time (<see cref="TileStitcher"/>). The scratch files are removed at the end.
    /// </summary>
    private ReconstructionResult Stitched(TomographyFile file, ReconstructionRequest request, ConeScanInputs scan, double center, Stopwatch clock, CancellationToken cancellationToken)
    {
        RequestChecks.RefusePart(request, $"a cone-beam scan of {scan.Tiles.Count} tiles, stitched from each other's overlaps");
        ConeVolumeGrid.RefuseForTiles(request, scan);
        ConeGrid grid = ConeVolumeGrid.For(request, scan.Geometry(0, center), file, scan.Name);
        TilesPlan plan = TilesPlan.Make(file, request, scan, center, grid);
        if (plan.MinimumBytes > request.MemoryBudgetBytes)
        {
            throw MemoryBudget.TooSmall($"{scan.Name}: the stitched reconstruction of {scan.Tiles.Count} tiles of {grid.Size}² × {grid.Slices}", "a slab of one slice of each tile with the detector rows it sees, the tiles' overlaps compared for their registration, and one stitched slice", plan.MinimumBytes, request.MemoryBudgetBytes);
        }

        for (int t = 0; t < scan.Tiles.Count; t++)
        {
            RequireAllAtOnce(plan.Slabs[t]!, request, scan.Tiles[t].Length, $"{scan.Name}, tile {t}");
        }

        bool extend = request.Region is not null
            || Truncation.Scan(new SlabCorrector(file, request), file.Rows, Truncation.BandRows(file, request.MemoryBudgetBytes), request.RingRemoval, file.Columns, cancellationToken);
        string output = request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath);
        string scratch = Directory.CreateDirectory(output + ".tiles").FullName;
        var tiles = new List<TileFile>();
        try
        {
            var counts = default(CorrectionCounts);
            for (int t = 0; t < scan.Tiles.Count; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string path = Path.Combine(scratch, $"tile_{t}.h5");
                ConeGeometry geometry = plan.Geometries[t];
                var fdk = new SlabbedFdk(file, [.. scan.Tiles[t].Select(i => file.Projections[i])], request, geometry, grid, extend);
                fdk.Run(
                    plan.Slabs[t]!,
                    _ => new ReconstructionFileWriter(path, grid.Slices, grid.Size, Metadata(request, scan, geometry, grid, center, plan.TopsZMm[t], [], extend)),
                    cancellationToken);
                counts += fdk.Counts;
                tiles.Add(new TileFile(VolumeFile.Open(path, null, "the stitching"), plan.TopsZMm[t]));
            }

            StitchPlan stitch = TilesPlan.Checked(() => TileStitcher.Plan(tiles, grid.Size, grid.VoxelMm), scan.Name);
            ReconstructionMetadata metadata = Metadata(request, scan, plan.Geometries[0], grid, center, stitch.TopZMm, stitch.Seams, extend);
            using (var writer = new ReconstructionFileWriter(output, stitch.Slices, grid.Size, metadata, request.OutputType))
            {
                for (int first = 0; first < stitch.Slices; first += plan.StitchSlices)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    writer.WriteSlab(first, stitch.Slab(first, Math.Min(plan.StitchSlices, stitch.Slices - first)));
                }

                writer.Complete();
            }

            return new ReconstructionResult(output, 0, stitch.Slices, grid.Size, center, metadata.CenterSource, metadata.Units, counts.Floored, counts.Zingers, clock.Elapsed.TotalSeconds, null);
        }
        finally
        {
            tiles.ForEach(t => t.Dispose());
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// The memory and bytes a reconstruction of the file takes under the request's budget (the axis at the middle
    /// column when it is to be found: the grid does not depend on it). A single tile's rows are corrected twice when its
    /// slabs do not hold the whole detector (the truncation pass first).
    /// </summary>
    public static ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request)
    {
        ConeScanInputs scan = ConeScanInputs.Of(file, request);
        double center = request.CenterPx ?? scan.GivenCenterPx ?? scan.RecordedCenterPx ?? scan.MiddleColumn;
        ConeGeometry geometry = scan.Geometry(0, center);
        ConeGrid grid = ConeVolumeGrid.For(request, geometry, file, scan.Name);
        int references = file.Flats.Count + file.Darks.Count;
        double corrected = (double)(file.Projections.Count + references) * file.Rows * file.Columns;
        double updates = (double)grid.Size * grid.Size * grid.Slices * file.Projections.Count;
        string output = request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath);
        long sliceVoxels = (long)grid.Size * grid.Size;
        VolumeType type = request.OutputType;
        if (scan.Tiles.Count > 1)
        {
            RequestChecks.RefusePart(request, $"a cone-beam scan of {scan.Tiles.Count} tiles, stitched from each other's overlaps");
            ConeVolumeGrid.RefuseForTiles(request, scan);
            TilesPlan tiles = TilesPlan.Make(file, request, scan, center, grid);
            long stitched = sliceVoxels * tiles.NominalSlices;
            long scratch = sliceVoxels * grid.Slices * scan.Tiles.Count * sizeof(float);
            int slabs = tiles.Slabs.Sum(p => p?.Slabs.Count ?? grid.Slices);
            return new ReconstructionEstimate(
                "cone beam (FDK, stitched tiles)",
                output,
                tiles.PeakBytes,
                stitched * type.BytesPerVoxel(),
                (stitched * type.PeakDiskBytesPerVoxel()) + scratch,
                scan.Tiles.Count,
                "tiles",
                request.MemoryBudgetBytes,
                tiles.MinimumBytes,
                new ReconstructionWork((tiles.Slabs.Sum(p => p?.RowReads ?? (double)file.Rows * (scan.Tiles[0].Length + references)) * file.Columns) + (request.Region is null ? corrected : 0), 0, updates) { ConeColumnVisits = (double)sliceVoxels * (file.Projections.Count / scan.Tiles.Count) * slabs });
        }

        VolumePart part = Part(request, grid, scan.Name);
        updates *= (double)part.Slices / grid.Slices;
        ConeSlabPlan? plan = ConeSlabPlan.Make(geometry, grid, file.Projections.Count, references, request.MemoryBudgetBytes, scan.Name, out long minimum, part);
        bool truncationPass = request.Region is null && request.ExtendTruncated is null && request.Part is null && !(plan is { Slabs.Count: 1 } && plan.Slabs[0].Band == DetectorBand.Whole(geometry) && plan.ProjectionsPerPass == file.Projections.Count);
        double rowsCorrected = plan?.RowReads ?? (double)file.Rows * (file.Projections.Count + references);
        return new ReconstructionEstimate(
            "cone beam (FDK)",
            output,
            plan?.PeakBytes ?? minimum,
            sliceVoxels * part.Slices * type.BytesPerVoxel(),
            sliceVoxels * part.Slices * type.PeakDiskBytesPerVoxel(),
            plan?.Slabs.Count ?? 0,
            "slabs",
            request.MemoryBudgetBytes,
            minimum,
            new ReconstructionWork((rowsCorrected * file.Columns) + (truncationPass ? corrected : 0), 0, updates) { ConeColumnVisits = (double)sliceVoxels * file.Projections.Count * Math.Max(1, plan?.Slabs.Count ?? part.Slices) });
    }

    /// <summary>The request's part of the volume's slices, or all of them.</summary>
    private static VolumePart Part(ReconstructionRequest request, ConeGrid grid, string name) => request.Part switch
    {
        null => new VolumePart(0, grid.Slices),
        { First: >= 0 } part when part.First < part.End && part.End <= grid.Slices => part,
        { } part => throw new InputException($"slices {part.First}:{part.End} of the volume are outside {name}'s {grid.Slices} slices"),
    };

    private static string CenterSource(ReconstructionRequest request) => request.CenterSource ??
        (request.CenterPx is not null ? "given" : request.StatesConeGeometry ? "geometry file" : "auto (conjugate rays of the central row)");

    /// <summary>The seams a stitched volume records (shift in voxels, correlation, applied); none for a single tile.</summary>
    public static IReadOnlyList<(double ShiftVoxels, double Correlation, bool Applied)> Seams(string reconFile)
    {
        using var file = H5File.OpenRead(reconFile);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        if (!recon.AttributeExists("seam_shift_voxels"))
        {
            return [];
        }

        double[] shifts = recon.Attribute("seam_shift_voxels").Read<double[]>();
        double[] correlations = recon.Attribute("seam_correlation").Read<double[]>();
        int[] applied = recon.Attribute("seam_shift_applied").Read<int[]>();
        return [.. shifts.Select((s, i) => (s, correlations[i], applied[i] != 0))];
    }

    private ReconstructionMetadata Metadata(ReconstructionRequest request, ConeScanInputs scan, ConeGeometry geometry, ConeGrid grid, double center, double topZMm, IReadOnlyList<TileSeam> seams, bool extended)
    {
        var extra = new Dictionary<string, object>
        {
            ["source_to_object_mm"] = scan.SourceToObjectMm,
            ["source_to_detector_mm"] = scan.SourceToDetectorMm,
            ["short_scan"] = geometry.IsShortScan ? 1 : 0,
            ["half_acquisition"] = geometry.HalfAcquisition ? 1 : 0,
            ["top_z_mm"] = topZMm,
            ["truncation_extended"] = extended ? 1 : 0,
        };
        extra["grid_origin_mm"] = new[] { grid.OriginMm.X, grid.OriginMm.Y, grid.OriginMm.Z };
        if (request.Region is { } region)
        {
            extra["roi_center_mm"] = new[] { region.XMm, region.YMm };
            extra["roi_diameter_mm"] = region.DiameterMm;
        }

        if (scan.SampleRegionCentreMm is { } centre)
        {
            extra["sample_roi_centre_mm"] = centre.ToArray();
        }

        if (scan.RecordedTilePositions)
        {
            extra["tile_positions_mm"] = scan.TilePositionsMm;
        }

        if (seams.Count > 0)
        {
            extra["seam_shift_voxels"] = seams.Select(s => s.ShiftVoxels).ToArray();
            extra["seam_correlation"] = seams.Select(s => s.Correlation).ToArray();
            extra["seam_shift_applied"] = seams.Select(s => s.Applied ? 1 : 0).ToArray();
        }

        return new ReconstructionMetadata(
            "1/mm",
            grid.VoxelMm * 1000,
            center,
            CenterSource(request),
            "fdk",
            PlanNames.NameOf(PlanNames.Filters, request.Filter),
            request.Flats.ToString().ToLowerInvariant(),
            request.RingRemoval == RingRemoval.None ? "none" : request.RingRemoval.ToString().ToLowerInvariant(),
            request.ZingerRemoval,
            0,
            request.InputPath,
            softwareVersion)
        {
            Extra = extra,
        };
    }

    /// <summary>The frames at the given indices of a stack of frames, in that order.</summary>
    private static float[] Select(float[] frames, int[] indices, int frameSize)
    {
        var selected = new float[indices.Length * frameSize];
        for (int i = 0; i < indices.Length; i++)
        {
            Array.Copy(frames, (long)indices[i] * frameSize, selected, (long)i * frameSize, frameSize);
        }

        return selected;
    }

    /// <summary>The rotation axis from the conjugate rays of the first tile's central detector row (read alone, as a whole frame would give it).</summary>
    private static double FindCenter(TomographyFile file, ReconstructionRequest request, ConeScanInputs scan)
    {
        float[] row = new SlabCorrector(file, request).LineIntegrals(file.Rows / 2, 1, request.RingRemoval);
        int[] first = scan.Tiles[0];
        try
        {
            return ConeCenter.Find(Select(row, first, file.Columns), file.Columns, [.. first.Select(i => scan.AnglesDeg[i])], scan.PixelUMm, scan.SourceToDetectorMm);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{scan.Name}: {e.Message.Replace(" (Parameter 'anglesDeg')", string.Empty, StringComparison.Ordinal)}; give the axis with --center", e);
        }
    }
}
