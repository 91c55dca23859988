using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// The memory of a XANES analysis under a budget. The per-voxel results stay whole in memory (the mean attenuation,
/// the material mask, the three label volumes, the four edge maps, the masked edge energy and its mask: 38 bytes a
/// voxel, and 5 more while the results are written); the stack itself is read a slab of slices at a time, each slab
/// at every energy, as deep as the rest of the budget allows up to <see cref="MaxSlabBytes"/>. The grains are found fragment by fragment (its distance
/// map and watershed in its bounding box), so their scratch is the largest fragment's, checked when it is known.
/// </summary>
/// <param name="SlabSlices">Slices per slab of the stack.</param>
/// <param name="PeakBytes">The most the analysis holds at once: the results beside a slab, or the results being written.</param>
/// <param name="MinimumBytes">The smallest budget that runs: a slab of one slice.</param>
public sealed record XanesMemory(int SlabSlices, int Slabs, long PeakBytes, long MinimumBytes)
{
    /// <summary>
    /// The most a slab of the stack is given, whatever the budget: the stack is read chunk by chunk, so a deeper slab
    /// reads no faster and only leaves the budget's rest to the runtime's garbage.
    /// </summary>
    public const long MaxSlabBytes = 1L << 30;

    /// <summary>The per-voxel results held while the stack is read: mean 4, material 1, labels 3 × 4, maps 4 × 4.</summary>
    public const int MappingBytesPerVoxel = 4 + 1 + 12 + EdgeMaps.BytesPerVoxel;

    /// <summary>The per-voxel results at the end: those above, the masked edge energy (4) and its mask (1), and the masked derivative map (4) and mask bytes (1) the file writer makes.</summary>
    public const int WritingBytesPerVoxel = MappingBytesPerVoxel + 5 + 5;

    /// <summary>What the segmentation keeps per voxel: mean 4, material 1, labels 3 × 4.</summary>
    public const int SegmentedBytesPerVoxel = 4 + 1 + 12;

    /// <summary>The segmentation's most per voxel: what it keeps, the material before the size filter, and the closing's distance passes (a double and a float volume, two masks).</summary>
    public const int SegmentationBytesPerVoxel = SegmentedBytesPerVoxel + 1 + 8 + 4 + 2;

    /// <summary>What finding one fragment's grains holds per voxel of its bounding box: mask, distances (double, then float), the maximum filter's two volumes, seeds, elevation, labels and the flood's queue.</summary>
    public const int GrainBytesPerBoxVoxel = 1 + 8 + 4 + 8 + 4 + 4 + 4 + 16;

    /// <summary>The plan for <paramref name="stack"/> under <paramref name="budgetBytes"/> (null: one slab of the whole stack); a budget below one slice is refused with the smallest that works.</summary>
    public static XanesMemory Plan(ISpectralStack stack, long? budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(stack);
        VolumeShape.RequireOneArray(stack.Shape, $"{stack.Source}: the XANES analysis");
        XanesMemory plan = Under(stack, budgetBytes);
        if (budgetBytes is { } budget && budget < plan.MinimumBytes)
        {
            throw MemoryBudget.TooSmall(
                $"{stack.Source}: the XANES analysis of {stack.Shape} voxels",
                $"{MappingBytesPerVoxel}–{WritingBytesPerVoxel} bytes a voxel of results, and one slice at {stack.EnergiesEv.Count} energies",
                plan.MinimumBytes,
                budget);
        }

        return plan;
    }

    /// <summary>The plan under <paramref name="budgetBytes"/>, or at the smallest budget that works when it is smaller (for an estimate).</summary>
    public static XanesMemory Under(ISpectralStack stack, long? budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return Under(stack.Shape, stack.SlabBytes(1), budgetBytes);
    }

    /// <summary>The plan for a stack of <paramref name="shape"/> whose slab holds <paramref name="sliceBytes"/> a slice beside the caller (0 in memory), under <paramref name="budgetBytes"/>.</summary>
    public static XanesMemory Under(VolumeShape shape, long sliceBytes, long? budgetBytes)
    {
        long voxels = shape.Voxels;
        long minimum = Peak(shape, sliceBytes, 1);
        long perSlice = Math.Max(1, sliceBytes);
        int slices = budgetBytes is { } budget
            ? (int)Math.Clamp(Math.Min(Math.Max(budget, minimum) - (MappingBytesPerVoxel * voxels), Math.Max(perSlice, MaxSlabBytes)) / perSlice, 1, shape.Depth)
            : shape.Depth;
        return new XanesMemory(slices, (shape.Depth + slices - 1) / slices, Peak(shape, sliceBytes, slices), minimum);
    }

    /// <summary>The most held with slabs of <paramref name="slices"/>: while segmenting, while mapping beside a slab, or while writing.</summary>
    private static long Peak(VolumeShape shape, long sliceBytes, int slices)
    {
        long voxels = shape.Voxels;
        return Math.Max(Math.Max(WritingBytesPerVoxel * voxels, (MappingBytesPerVoxel * voxels) + (sliceBytes * slices)), SegmentationBytesPerVoxel * voxels);
    }

    /// <summary>Refuses the grains of a fragment whose bounding box, beside the segmentation's volumes, does not fit the budget.</summary>
    public static void CheckFragmentBox(VolumeShape shape, VolumeShape box, int fragmentVoxels, long? budgetBytes, string source)
    {
        if (budgetBytes is not { } budget)
        {
            return;
        }

        long needed = (SegmentedBytesPerVoxel * shape.Voxels) + (GrainBytesPerBoxVoxel * (long)box.Count);
        if (needed > budget)
        {
            throw MemoryBudget.TooSmall($"{source}: the grains of the largest fragment ({fragmentVoxels} voxels in a box of {box})", "its distance map and watershed beside the segmentation", needed, budget);
        }
    }
}
