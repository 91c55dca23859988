using System.Diagnostics;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.Spectral;

/// <summary>
/// Reconstructs a scan taken at several energies (spectro-tomography) into one volume per energy, written as
/// <c>/exchange/recon</c> [energy, z, y, x] with <c>/exchange/energy</c>. Each energy's projections are corrected with
/// that energy's flats (the darks, taken with the beam off, serve every energy), rescaled about the optical axis from
/// the magnification logged with them to the largest magnification of the scan (a zone plate refocused with energy
/// changes it by a few per cent), registered onto the last energy's images (<see cref="EnergyAlignment"/>: the image
/// wanders by a fraction of a pixel to a few pixels when the optics refocus) and moved back by that shift, then filtered
/// and back-projected. One centre serves every energy, since the aligned images share one geometry; unless given, it is
/// found on the last energy (above the edge, the most contrast) in the detector rows that attenuate most (small
/// particles may miss the middle row). The shifts go into <c>/exchange/registration_shift_px</c>. The reference
/// energy's frames and one other energy's frames are held at a time, and that energy's volume is made and written in
/// slabs of rows under the memory budget.
/// </summary>
internal sealed class SpectralReconstruction(string softwareVersion)
{
    /// <summary>Reconstructs an open file (the offline reconstruction opens it once to choose the technique).</summary>
    public ReconstructionResult Run(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        string name = OfflineReconstruction.RequireWhole(request, "a spectral scan");

        EnergyGroup[] groups = Groups(file, name);
        double referenceMagnification = groups.Max(g => g.Magnification);
        double pixelMm = (file.PixelSizeMm ?? double.NaN) * (file.OpticalMagnification ?? referenceMagnification) / referenceMagnification;
        int slabRows = SlabRows(file, groups, request.MemoryBudgetBytes, name);

        float[] darks = file.ReadDarks(file.Darks);
        ReferenceBlocks? darkBlocks = file.Darks.Count == 0 ? null : FrameReferences.Blocks(file.Darks, darks, file.Rows * file.Columns);
        var grid = new ReconstructionGrid(file.Columns);
        EnergyGroup reference = groups[^1];
        (float[] referenceCorrected, CorrectionCounts counts) = Corrected(file, reference, darkBlocks, request, name);
        float[] referenceAligned = Rescaled(referenceCorrected, file, referenceMagnification / reference.Magnification, (0, 0));
        double center = request.CenterPx ?? CenterSearch.InMostAttenuatingRows(referenceAligned, file.Rows, file.Columns, [.. reference.Projections.Select(p => p.AngleDeg)]);
        var alignment = new EnergyAlignment(referenceAligned, reference.Projections.Length, file.Rows, file.Columns);
        var metadata = new ReconstructionMetadata(
            double.IsNaN(pixelMm) ? "1/pixel" : "1/mm",
            double.IsNaN(pixelMm) ? null : pixelMm * 1000,
            center,
            request.CenterPx is null ? "auto (Vo 2014), on the last energy" : "given",
            "fbp",
            PlanNames.NameOf(PlanNames.Filters, request.Filter),
            request.Flats.ToString().ToLowerInvariant(),
            "none",
            request.ZingerRemoval,
            0,
            request.InputPath,
            softwareVersion);
        string output = request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath);
        var shifts = new (double Rows, double Columns)[groups.Length];
        using (var writer = new SpectralReconstructionWriter(output, [.. groups.Select(g => g.EnergyEv)], file.Rows, grid.Size, metadata, referenceMagnification))
        {
            for (int k = 0; k < groups.Length; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                float[] lineIntegrals = referenceAligned;
                if (k < groups.Length - 1)
                {
                    (float[] corrected, CorrectionCounts energyCounts) = Corrected(file, groups[k], darkBlocks, request, name);
                    counts += energyCounts;
                    double scale = referenceMagnification / groups[k].Magnification;
                    shifts[k] = alignment.ShiftOf(corrected, groups[k].Projections.Length, scale) ?? (double.NaN, double.NaN);
                    lineIntegrals = Rescaled(corrected, file, scale, double.IsNaN(shifts[k].Rows) ? (0, 0) : (shifts[k].Rows, 0));
                }

                double axis = center + (double.IsNaN(shifts[k].Columns) ? 0 : shifts[k].Columns);
                var geometry = new ParallelGeometry(file.Columns, axis, [.. groups[k].Projections.Select(p => p.AngleDeg)], pixelMm);
                OfflineReconstruction.Check(geometry.Validate, $"{name} at {groups[k].EnergyEv} eV");
                for (int first = 0; first < file.Rows; first += slabRows)
                {
                    int rows = Math.Min(slabRows, file.Rows - first);
                    writer.WriteSlices(k, first, ParallelFbp.Reconstruct(Rows(lineIntegrals, file, first, rows), rows, geometry, request.Filter, grid));
                }
            }

            writer.WriteRegistration(shifts);
            writer.Complete();
        }

        return new ReconstructionResult(output, 0, file.Rows, grid.Size, center, metadata.CenterSource, metadata.Units, counts.Floored, counts.Zingers, clock.Elapsed.TotalSeconds, null)
        {
            Energies = groups.Length,
        };
    }

    /// <summary>
    /// Each energy is reconstructed one at a time beside the reference energy's frames, in slabs of rows as thick as
    /// the budget allows (at least two); each slab's slices are written as they are made.
    /// </summary>
    public static ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        string name = OfflineReconstruction.RequireWhole(request, "a spectral scan");
        EnergyGroup[] groups = Groups(file, name);
        long minimum = Bytes(file, groups, 2);
        int slabRows = ThickestSlab(file, groups, Math.Max(minimum, request.MemoryBudgetBytes));
        long plane = (long)file.Columns * file.Columns;
        return new ReconstructionEstimate(
            "spectro-tomography (FBP per energy)",
            request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath),
            Bytes(file, groups, slabRows),
            groups.Length * file.Rows * plane * sizeof(float),
            groups.Length * file.Rows * plane * sizeof(float),
            groups.Length,
            "energies",
            request.MemoryBudgetBytes,
            minimum,
            new ReconstructionWork(
                (double)(file.Projections.Count + file.Flats.Count + file.Darks.Count) * file.Rows * file.Columns,
                (double)plane * file.Rows * file.Projections.Count,
                0));
    }

    /// <summary>The rows per slab the budget allows (even, so rows pair for filtering as in a whole frame), or a refusal with the smallest budget that works.</summary>
    private static int SlabRows(TomographyScan file, EnergyGroup[] groups, long budgetBytes, string name)
    {
        long minimum = Bytes(file, groups, 2);
        if (minimum > budgetBytes)
        {
            throw MemoryBudget.TooSmall($"{name}: one energy", $"{groups.Max(g => g.Projections.Length)} projections of {file.Rows} x {file.Columns} held for its registration, and a slab of two rows of its {file.Columns}² slices", minimum, budgetBytes);
        }

        return ThickestSlab(file, groups, budgetBytes);
    }

    private static int ThickestSlab(TomographyScan file, EnergyGroup[] groups, long budgetBytes)
    {
        int rows = 2;
        while (rows < file.Rows && Bytes(file, groups, rows + 2) <= budgetBytes)
        {
            rows += 2;
        }

        return rows;
    }

    /// <summary>
    /// One energy's frames five times over (the reference energy's aligned frames, this energy's raw frames and flats,
    /// line integrals and rescaled copy) beside a slab of <paramref name="rows"/>: its rows copied out, their filtered
    /// copy and three rows × n² arrays (the sums, the slices, the part kept).
    /// </summary>
    private static long Bytes(TomographyScan file, EnergyGroup[] groups, int rows)
    {
        long projections = groups.Max(g => g.Projections.Length);
        long frames = 5L * projections * file.Rows * file.Columns * sizeof(float);
        long slab = (2L * projections * rows * file.Columns * sizeof(float)) + (3L * rows * file.Columns * file.Columns * sizeof(float));
        return frames + slab;
    }

    /// <summary>Rows <paramref name="first"/> … <paramref name="first"/> + <paramref name="rows"/> − 1 of every projection, [angle][row][column].</summary>
    private static float[] Rows(float[] lineIntegrals, TomographyScan file, int first, int rows)
    {
        int frameSize = file.Rows * file.Columns;
        int projections = lineIntegrals.Length / frameSize;
        var slab = new float[projections * rows * file.Columns];
        for (int p = 0; p < projections; p++)
        {
            Array.Copy(lineIntegrals, (p * frameSize) + (first * file.Columns), slab, p * rows * file.Columns, rows * file.Columns);
        }

        return slab;
    }

    private static EnergyGroup[] Groups(TomographyScan file, string name)
    {
        if (file.Projections.Any(p => double.IsNaN(p.EnergyEv)))
        {
            throw new InputException($"{name}: some projections have no energy (/exchange/energy) while others do");
        }

        var groups = new List<EnergyGroup>();
        foreach (IGrouping<double, FrameRecord> energy in file.Projections.GroupBy(p => p.EnergyEv).OrderBy(g => g.Key))
        {
            FrameRecord[] flats = [.. file.Flats.Where(f => f.EnergyEv.Equals(energy.Key))];
            if (flats.Length == 0)
            {
                throw new InputException($"{name}: no flats were taken at {energy.Key} eV; a spectral scan needs flats at every energy (flats: at: [each_energy])");
            }

            if (energy.Count() < 2)
            {
                throw new InputException($"{name}: only one projection at {energy.Key} eV; a tomogram needs many angles");
            }

            double magnification = energy.Select(p => p.Magnification).Where(double.IsFinite).DefaultIfEmpty(1).Average();
            groups.Add(new EnergyGroup(energy.Key, [.. energy], flats, magnification));
        }

        return [.. groups];
    }

    /// <summary>One energy's line integrals [projection][row][column], corrected with that energy's flats, at its own magnification.</summary>
    private static (float[] LineIntegrals, CorrectionCounts Counts) Corrected(TomographyFile file, EnergyGroup group, ReferenceBlocks? darks, ReconstructionRequest request, string name)
    {
        int frameSize = file.Rows * file.Columns;
        float[] raw = file.ReadProjections(group.Projections);
        float[] flatFrames = file.ReadFlats(group.Flats);
        var counts = default(CorrectionCounts);
        if (request.ZingerRemoval)
        {
            for (int f = 0; f < group.Projections.Length + group.Flats.Length; f++)
            {
                Span<float> frame = f < group.Projections.Length ? raw.AsSpan(f * frameSize, frameSize) : flatFrames.AsSpan((f - group.Projections.Length) * frameSize, frameSize);
                counts += new CorrectionCounts(0, ZingerRemoval.Remove(frame, file.Rows, file.Columns));
            }
        }

        ReferenceBlocks flats = FrameReferences.Blocks(group.Flats, flatFrames, frameSize);
        try
        {
            ProjectionCorrection.CheckReferences(flats, darks);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{name} at {group.EnergyEv} eV: {e.Message}", e);
        }

        var settings = new CorrectionSettings(request.Flats, ZingerRemoval: false);
        var lineIntegrals = new float[raw.Length];
        for (int p = 0; p < group.Projections.Length; p++)
        {
            FrameRecord frame = group.Projections[p];
            counts += ProjectionCorrection.Correct(raw.AsSpan(p * frameSize, frameSize), file.Rows, file.Columns, frame.Seq, FrameReferences.Condition(frame), flats, darks, settings, lineIntegrals.AsSpan(p * frameSize, frameSize));
        }

        return (lineIntegrals, counts);
    }

    /// <summary>Every projection rescaled by M_ref / M about the optical axis and moved back by a shift of whole rows and columns or fractions of them.</summary>
    private static float[] Rescaled(float[] corrected, TomographyScan file, double scale, (double Rows, double Columns) shift)
    {
        if (scale == 1 && shift == (0, 0))
        {
            return corrected;
        }

        int frameSize = file.Rows * file.Columns;
        var result = new float[corrected.Length];
        Parallel.For(0, corrected.Length / frameSize, p =>
            Magnification.Rescale(corrected.AsSpan(p * frameSize, frameSize), file.Rows, file.Columns, scale, -shift.Rows, -shift.Columns).CopyTo(result, p * frameSize));
        return result;
    }

    private sealed record EnergyGroup(double EnergyEv, FrameRecord[] Projections, FrameRecord[] Flats, double Magnification);
}
