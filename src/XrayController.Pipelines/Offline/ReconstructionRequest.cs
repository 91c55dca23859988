using System.Text.Json.Serialization;
using XrayController.Core.Plans;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Pipelines.Techniques.Holotomography;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Offline;

/// <summary>What <c>xrayctl recon</c> was asked to do.</summary>
/// <param name="CenterPx">The rotation-axis column, or null to find it.</param>
/// <param name="FirstSlice">First detector row to reconstruct; null for all rows (with <paramref name="EndSlice"/>).</param>
/// <param name="EndSlice">One past the last row.</param>
public sealed record ReconstructionRequest(
    string InputPath,
    double? CenterPx,
    ReconstructionFilter Filter,
    int? FirstSlice,
    int? EndSlice,
    string? OutputPath,
    string? TiffDirectory,
    FlatMode Flats,
    RingRemoval RingRemoval,
    bool ZingerRemoval,
    long MemoryBudgetBytes)
{
    /// <summary>Phase retrieval before back-projection (holotomography): none, Paganin or CTF; none picks CTF for a multi-distance file.</summary>
    public PhaseRetrieval Phase { get; init; }

    /// <summary>δ/β for Paganin and the homogeneous CTF; null for the pure-phase CTF.</summary>
    public double? DeltaBeta { get; init; }

    /// <summary>The CTF's regularisation below and above the first maximum of the phase transfer; null for the defaults.</summary>
    public (double Low, double High)? CtfRegularisation { get; init; }

    /// <summary>Non-linear refinements of the CTF retrieval (0: the linear CTF alone).</summary>
    public int PhaseIterations { get; init; } = ReconstructionSettings.DefaultPhaseIterations;

    /// <summary>fbp or fdk as asked; null to follow the file's beam (fdk for a cone beam from a fixed source).</summary>
    public ReconstructionAlgorithm? Algorithm { get; init; }

    /// <summary>A cone-beam geometry of parameters for a file that does not record one (<c>--geometry G.json</c>), or null.</summary>
    public ConeGeometryFile? ConeGeometry { get; init; }

    /// <summary>Per-projection matrices stated for a cone-beam file (<c>--geometry</c> with plastimatch's or RTK's geometry), or null.</summary>
    public StatedMatrices? ConeMatrices { get; init; }

    /// <summary>Whether a cone-beam geometry is given with the request (parameters or matrices).</summary>
    [JsonIgnore]
    public bool StatesConeGeometry => ConeGeometry is not null || ConeMatrices is not null;

    /// <summary>Cone beam: only this region of interest (local tomography), or null for the whole field.</summary>
    public ConeRegion? Region { get; init; }

    /// <summary>Cone beam: the voxel (µm), or null for the natural one (the detector pixel at the axis).</summary>
    public double? VoxelUm { get; init; }

    /// <summary>Cone beam: the reconstruction grid asked (<c>--grid</c>, <c>--origin-mm</c>), or null for the one the detector gives.</summary>
    public GridRequest? Grid { get; init; }

    /// <summary>A full turn (cone or parallel beam): whether redundant rays are weighed as a half-acquisition's; null to decide from where the axis lies (<c>--half-acquisition</c>).</summary>
    public bool? HalfAcquisition { get; init; }

    /// <summary>How the volume's values are stored (<c>--dtype</c>).</summary>
    public VolumeType OutputType { get; init; } = VolumeType.Float32;

    /// <summary>Only these slices of the volume the request makes whole (one cluster task's part), or null for all of them.</summary>
    public VolumePart? Part { get; init; }

    /// <summary>Cone beam: whether truncated projections are extended, decided beforehand from every row (a part sees only its own); null to decide from the data.</summary>
    public bool? ExtendTruncated { get; init; }

    /// <summary>How <see cref="CenterPx"/> was found when it was found beforehand (for a job's parts), recorded in the volume; null: given, or found now.</summary>
    public string? CenterSource { get; init; }

    /// <summary>Holotomography: the projections a cluster job's preparation retrieved, back-projected instead of retrieving again; null to retrieve them.</summary>
    public RetrievedProjections? Retrieved { get; init; }
}

/// <summary>
/// How a cluster job splits a volume: its slices, and the work of the preparation that decides what the parts share
/// (reading every frame; for holotomography, retrieving every angle) that its time limit is taken from.
/// </summary>
public sealed record VolumeSplit(int Slices, ReconstructionWork Preparation)
{
    /// <summary>A split whose preparation reads and corrects every frame of the file once.</summary>
    public static VolumeSplit ReadingEveryFrame(TomographyScan file, int slices)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new VolumeSplit(slices, new ReconstructionWork((double)(file.Projections.Count + file.Flats.Count + file.Darks.Count) * file.Rows * file.Columns, 0, 0));
    }
}

/// <summary>Slices [<paramref name="First"/>, <paramref name="End"/>) of a volume, numbered from the volume's first slice.</summary>
public sealed record VolumePart(int First, int End)
{
    public int Slices => End - First;
}

/// <summary>
/// A cone-beam reconstruction grid as RTK and plastimatch state one: <paramref name="Columns"/> × <paramref name="Rows"/>
/// voxels a slice (x by y; equal, as every slice of a volume here is square) and <paramref name="Slices"/> slices, the
/// first voxel's centre at <paramref name="OriginMm"/> (x, y, z about the rotation axis, z up it), or, when null, the grid
/// centred on the axis.
/// </summary>
public sealed record GridRequest(int Columns, int Rows, int Slices, (double X, double Y, double Z)? OriginMm);

/// <summary>A cylinder of the sample (mm, about the rotation axis: x to the right, y up the slice) to reconstruct alone.</summary>
public sealed record ConeRegion(double XMm, double YMm, double DiameterMm);

/// <summary>Which stripe removal to apply to the sinograms before filtering.</summary>
public enum RingRemoval
{
    None,
    Sort,
    Mean,
}

/// <summary>What a reconstruction produced.</summary>
public sealed record ReconstructionResult(
    string OutputPath,
    int FirstSlice,
    int Slices,
    int Size,
    double CenterPx,
    string CenterSource,
    string Units,
    long FlooredPixels,
    long Zingers,
    double Seconds,
    string? TiffDirectory)
{
    /// <summary>How many energies the file held (one volume each); 1 for a single tomogram.</summary>
    public int Energies { get; init; } = 1;

    /// <summary>What the volume holds: <c>attenuation</c>, or <c>delta</c> after phase retrieval.</summary>
    public string Quantity { get; init; } = "attenuation";

    /// <summary>After phase retrieval: the method, the registration of each distance, the FRC resolution; else null.</summary>
    public PhaseReport? Phase { get; init; }

    /// <summary>What the reconstruction did that the user may not have meant (a grid past the field of view), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
