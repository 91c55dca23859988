using XrayController.Analysis;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Xanes;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// What <c>xrayctl analyze xanes|fragments|cell FILE --estimate</c> reports before the analysis runs: its peak memory
/// under the budget, the bytes it writes and its work for the calibrated kernels (<see cref="KernelRates"/>). Reading
/// the input is timed only for the XANES analysis's spectral stack, which it reads three times, at the reader's
/// calibrated pace (from the system's cache: a stack larger than the cache reads slower from disk).
/// </summary>
public static class AnalysisEstimates
{
    /// <summary>xanes.h5 per voxel: the two edge-energy maps and the edge jump (float32), the mask (uint8), three label volumes (int32).</summary>
    public const int XanesFileBytesPerVoxel = (3 * sizeof(float)) + 1 + (3 * sizeof(int));

    /// <summary>A row of electrode_thickness.csv, about.</summary>
    public const int CrossingCsvBytes = 64;

    /// <summary>The XANES analysis: slabs of the stack under the budget (<see cref="XanesMemory"/>), xanes.h5, the stack's passes from its file, the edge fits (a voxel at one energy each) and the segmented voxels.</summary>
    public static ReconstructionEstimate Xanes(ISpectralStack stack, string outputDirectory, long budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return Xanes(stack.Shape, stack.EnergiesEv.Count, stack.SlabBytes(1), stack is SpectralStackFile, outputDirectory, budgetBytes);
    }

    /// <summary>The XANES analysis of a stack of <paramref name="energies"/> volumes of <paramref name="shape"/>, read from its file or not, whose slab holds <paramref name="sliceBytes"/> a slice.</summary>
    public static ReconstructionEstimate Xanes(VolumeShape shape, int energies, long sliceBytes, bool fromFile, string outputDirectory, long budgetBytes)
    {
        XanesMemory memory = XanesMemory.Under(shape, sliceBytes, budgetBytes);
        long voxels = shape.Voxels;
        long written = XanesFileBytesPerVoxel * voxels;
        return new ReconstructionEstimate(
            "XANES analysis",
            Path.Combine(outputDirectory, "xanes.h5"),
            memory.PeakBytes,
            written,
            written,
            memory.Slabs,
            "slabs",
            budgetBytes,
            memory.MinimumBytes,
            new ReconstructionWork(0, 0, 0)
            {
                StackBytesRead = (fromFile ? XanesAnalysis.Passes : 0) * (double)voxels * energies * sizeof(float),
                EdgeFitValues = (double)voxels * energies,
                SegmentedVoxels = voxels,
            });
    }

    /// <summary>The fragment analysis: the whole volume at once (<see cref="FragmentAnalysis.BytesPerVoxel"/>); it writes tables and a figure only.</summary>
    public static ReconstructionEstimate Fragments(IVolume volume, string outputDirectory, long budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return Fragments(volume.Shape, volume.SlabBytes(volume.Shape.Depth), outputDirectory, budgetBytes);
    }

    /// <summary>The fragment analysis of a volume of <paramref name="shape"/> whose whole read holds <paramref name="readBytes"/>.</summary>
    public static ReconstructionEstimate Fragments(VolumeShape shape, long readBytes, string outputDirectory, long budgetBytes)
    {
        long peak = FragmentAnalysis.PeakBytes(shape, readBytes);
        return new ReconstructionEstimate(
            "fragment analysis",
            Path.Combine(outputDirectory, "fragments.csv"),
            peak,
            0,
            0,
            1,
            "volume",
            budgetBytes,
            peak,
            new ReconstructionWork(0, 0, 0) { FragmentVoxels = shape.Voxels });
    }

    /// <summary>
    /// The cell inspection: slabs of slices under the budget; its work is the samples of every radial line, and what it
    /// writes is mostly one CSV row per crossing, counted on the middle slice (<see cref="CellInspection.Survey"/>).
    /// </summary>
    public static ReconstructionEstimate Cell(IVolume volume, string outputDirectory, long budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(volume);
        (int samples, int crossings) = CellInspection.Survey(volume);
        long minimum = CellInspection.MinimumBytes(volume);
        int slices = CellInspection.SlabSlices(volume, budgetBytes);
        long written = (long)crossings * volume.Shape.Depth * CrossingCsvBytes;
        return new ReconstructionEstimate(
            "cell inspection",
            Path.Combine(outputDirectory, "electrode_thickness.csv"),
            Math.Max(minimum, volume.SlabBytes(slices)),
            written,
            written,
            (volume.Shape.Depth + slices - 1) / slices,
            "slabs",
            budgetBytes,
            minimum,
            new ReconstructionWork(0, 0, 0) { CellLineSamples = (double)volume.Shape.Depth * CellInspection.Azimuths * samples });
    }
}
