namespace XrayController.Core.Steps;

/// <summary>
/// The identity of one planned frame: its 0-based sequence number among all frames of the scan (darks, flats and
/// projections alike), its kind, and the axis values it is taken at. <c>EnergyEv</c> is NaN for a polychromatic
/// source; the indices are 0 when the plan does not scan that axis. <c>Magnification</c> is the total magnification of
/// the image when it changes during the scan (a zone-plate objective refocused with energy, or the propagation distance
/// of holotomography), else NaN. <c>PropagationDistanceMm</c> is holotomography's effective propagation distance
/// z1·z2 / (z1 + z2) (Fresnel scaling), else NaN.
/// </summary>
public sealed record FrameInfo(long Seq, FrameKind Kind, double AngleDeg, double EnergyEv, int DistanceIndex, int TileIndex, double Magnification = double.NaN, double PropagationDistanceMm = double.NaN);
