namespace XrayController.Simulators.Physics;

/// <summary>
/// Where the detector sees the sample in a parallel beam. Pixel (row v, column u) at rotation angle θ looks along the
/// line x·cosθ + y·sinθ = t at height ζ of the sample frame, with t = (u − axis)·p − Δx and ζ = (v_c − v)·p − Δz:
/// <c>axis</c> is the rotation axis's column (pixel j's centre at j), v_c the middle row, p the pixel at the sample, and
/// Δx, Δz how far the sample stage has moved the sample across the beam and up. This is scikit-image's orientation:
/// a slice has x = column − axis and y = axis − row.
/// </summary>
public sealed record ParallelBeamGeometry(int Rows, int Columns, double PixelSizeMm, double AxisColumnPx, double ShiftXMm, double ShiftZMm)
{
    public double CenterRow => (Rows - 1) / 2.0;

    public double DetectorT(int column) => ((column - AxisColumnPx) * PixelSizeMm) - ShiftXMm;

    public double HeightZ(int row) => ((CenterRow - row) * PixelSizeMm) - ShiftZMm;
}
