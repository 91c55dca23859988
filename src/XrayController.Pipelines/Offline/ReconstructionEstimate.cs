namespace XrayController.Pipelines.Offline;

/// <summary>
/// What a reconstruction or an analysis will take before it runs (<c>xrayctl recon --estimate</c>, <c>xrayctl analyze
/// xanes --estimate</c>): the memory its largest unit of work
/// allocates under the budget, the bytes it writes, how many units (slabs, energies, angles) it makes, the smallest
/// budget that works, and its work in the units the kernels are calibrated in (<see cref="KernelRates"/>).
/// </summary>
/// <param name="Technique">The technique's name, as the summaries give it.</param>
/// <param name="PeakMemoryBytes">What the data buffers allocate at most (not the runtime's baseline); at the smallest budget when the given one is too small.</param>
/// <param name="PeakDiskBytes">The most the output takes on disk while it is written (a 16-bit integer volume is first written as floats).</param>
/// <param name="Units">Slabs (parallel and cone beam, XANES analysis), energies (spectral) or retrieved angles (holotomography).</param>
public sealed record ReconstructionEstimate(
    string Technique,
    string OutputPath,
    long PeakMemoryBytes,
    long BytesWritten,
    long PeakDiskBytes,
    int Units,
    string UnitName,
    long BudgetBytes,
    long MinimumBudgetBytes,
    ReconstructionWork Work)
{
    public bool FitsBudget => MinimumBudgetBytes <= BudgetBytes;
}

/// <summary>
/// A reconstruction's or an analysis's work in kernel units: pixels corrected (read, flat- and dark-corrected, −log),
/// voxel updates of the parallel-beam and cone-beam back-projections (each with its filtering), phase retrievals, and
/// and the analyses' units: the XANES edge fits and segmented voxels, the fragment analysis's voxels and the cell
/// inspection's line samples.
/// </summary>
public sealed record ReconstructionWork(double CorrectedPixels, double ParallelUpdates, double ConeUpdates, PhaseWork? Phase = null)
{
    /// <summary>
    /// FDK's visits of a voxel column by a projection (once per slab: the ray's column and weight, the rows'
    /// interpolation), which thin slabs pay per slice more than thick ones.
    /// </summary>
    public double ConeColumnVisits { get; init; }

    /// <summary>Bytes of a spectral stack read from its file (the XANES analysis reads it three times).</summary>
    public double StackBytesRead { get; init; }

    /// <summary>The XANES edge mapping's values: a voxel at one energy, normalised and searched for its edge.</summary>
    public double EdgeFitValues { get; init; }

    /// <summary>Voxels of the XANES segmentation (threshold, fragments, closing, particles, grains).</summary>
    public double SegmentedVoxels { get; init; }

    /// <summary>Voxels of the fragment analysis (levels, pieces, closing, particles).</summary>
    public double FragmentVoxels { get; init; }

    /// <summary>The cell inspection's samples along its radial lines (every slice, every azimuth).</summary>
    public double CellLineSamples { get; init; }
}

/// <summary>
/// <paramref name="Retrievals"/> phase retrievals of holograms padded to <paramref name="PaddedRows"/> ×
/// <paramref name="PaddedColumns"/>, from <paramref name="Distances"/> distances with <paramref name="Iterations"/>
/// non-linear refinements; <paramref name="Method"/> is paganin or ctf.
/// </summary>
public sealed record PhaseWork(int Retrievals, int PaddedRows, int PaddedColumns, string Method, int Distances, int Iterations)
{
    /// <summary>The calibration this work is timed by: one per method, distances and refinements.</summary>
    public string Kernel => $"{Method}-{Distances}-distances-{Iterations}-refinements";
}
