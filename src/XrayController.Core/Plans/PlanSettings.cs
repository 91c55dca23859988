namespace XrayController.Core.Plans;

/// <summary>The sample, and where its axes go to take it out of the beam for flats (offsets from its in-beam position, by axis letter).</summary>
public sealed record SampleSettings(string Name, IReadOnlyDictionary<char, double> InBeamMm, IReadOnlyDictionary<char, double> OutOfBeamOffsetMm);

/// <param name="OffsetMm">
/// Where the panel stands on its lateral translation (the profile's <c>detector_x</c> axis), in mm along the detector's
/// columns, or null to leave it centred; a 360° scan with the panel moved so far that the rotation axis's image lies near
/// one edge is a half-acquisition.
/// </param>
/// <param name="Configuration">The profile's detector configuration to scan with (an objective for a zoom), or null for the main detector.</param>
public sealed record DetectorSettings(double ExposureS, int Binning, double? OffsetMm = null, string? Configuration = null);

/// <summary>A laboratory X-ray tube's operating point.</summary>
public sealed record SourceSettings(double VoltageKv, double CurrentUa);

/// <summary>Local (region-of-interest) tomography: the region's centre on the sample axes, its diameter and the finer voxel asked for.</summary>
public sealed record RoiSettings(double XMm, double YMm, double ZMm, double DiameterMm, double VoxelUm);

public enum ReconstructionAlgorithm
{
    None,
    Fbp,
    Fdk,
}

public enum ReconstructionFilter
{
    Ramp,
    SheppLogan,
    Cosine,
    Hamming,
    Hann,
}

public enum PhaseRetrieval
{
    None,
    Paganin,
    Ctf,
}

/// <summary>How the scan is reconstructed; <c>CenterPx</c> null means found automatically (0-based detector column, pixel j's centre at j).</summary>
public sealed record ReconstructionSettings(ReconstructionAlgorithm Algorithm, ReconstructionFilter Filter, double? CenterPx, PhaseRetrieval Phase, double? DeltaBeta)
{
    /// <summary>The default non-linear refinements of a CTF retrieval: two took the simulated cathode piece's δ from r = 0.92 to 0.97 against the truth.</summary>
    public const int DefaultPhaseIterations = 2;

    /// <summary>Non-linear refinements of the CTF retrieval (0: the linear CTF alone).</summary>
    public int PhaseIterations { get; init; } = Phase == PhaseRetrieval.Ctf ? DefaultPhaseIterations : 0;

    /// <summary>What to inspect in the volume once it is made (lab CT: the wound cell's electrodes and defects).</summary>
    public Inspection Inspection { get; init; }

    /// <summary>A spectro-tomography scan's figures draw the volume at the energy nearest this one (eV); null: the highest energy, above the edge.</summary>
    public double? FiguresEnergyEv { get; init; }
}

/// <summary>An analysis run on a scan's volume after its reconstruction.</summary>
public enum Inspection
{
    None,

    /// <summary>A wound cell: electrode thickness along the winding, delamination voids, deflected copper foils.</summary>
    Cell,

    /// <summary>A zoom into a wound cell (a roi scan): the foils, the voids beside them and the copper foils' displacement, line by line.</summary>
    Zoom,
}
