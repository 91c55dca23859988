using XrayController.Core.Optics;
using XrayController.Core.Plans;

namespace XrayController.Core.Instruments;

/// <summary>
/// How wide a slice of sample a plan's projections see, at the rotation axis: the panel's columns (binned) with the
/// axis's image where the plan's detector offset puts it, taking the panel's centre as the central ray's foot (in a
/// parallel beam also where the sample stage carries the axis, <c>sample.in_beam.x_mm</c>). A cone
/// beam's ray w pixels from the central ray passes the axis at SOD · sin(atan(w·p / SDD)); a parallel beam's at w·p / M.
/// A full turn whose axis lies far enough off centre (<see cref="HalfAcquisition.Applies"/>) sees twice its far side;
/// any other scan sees twice its near side.
/// </summary>
public sealed record FieldOfView(int Columns, double AxisColumn, double WidthMm, double CentredWidthMm, bool IsHalfAcquisition)
{
    public double Widening => WidthMm / CentredWidthMm;

    public static FieldOfView Of(Plan plan, InstrumentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(profile);
        int binning = Math.Max(1, plan.Detector.Binning);
        int columns = ProfileGeometry.FrameColumns(profile, binning);
        double pixelMm = profile.Detector.PixelSizeUm * binning / 1000;
        double axis = ((columns - 1) / 2.0) - ((plan.Detector.OffsetMm ?? 0) / pixelMm);
        if (profile.Geometry.Beam == BeamKind.Parallel && plan.Sample.InBeamMm.TryGetValue('x', out double acrossMm))
        {
            axis += acrossMm * profile.Geometry.OpticalMagnification / pixelMm;
        }

        bool half = IsFullTurn(plan.Rotation) && HalfAcquisition.Applies(axis, columns);
        double reach = half ? HalfAcquisition.FarSideColumns(axis, columns) : Math.Max(0, HalfAcquisition.NearSideColumns(axis, columns));
        return new FieldOfView(columns, axis, 2 * RadiusMm(profile, plan, reach * pixelMm), 2 * RadiusMm(profile, plan, columns / 2.0 * pixelMm), half);
    }

    /// <summary>Whether the sweep covers a whole turn (a half-acquisition's two sides need one).</summary>
    public static bool IsFullTurn(RotationAxis rotation) => Math.Abs(rotation.StepDeg * rotation.Count) >= 359.9;

    /// <summary>The distance from the axis, at the sample, of the ray that meets the panel <paramref name="fromCentralRayMm"/> from the central ray (behind an optical objective, its image on the scintillator).</summary>
    private static double RadiusMm(InstrumentProfile profile, Plan plan, double fromCentralRayMm)
    {
        BeamGeometryProfile geometry = profile.Geometry;
        if (geometry.Beam == BeamKind.Cone && geometry.SourceToObjectMm is { } sod && geometry.SourceToDetectorMm is { } sdd)
        {
            return sod * Math.Sin(Math.Atan(fromCentralRayMm / geometry.OpticalMagnification / sdd));
        }

        double magnification = geometry.Magnification(plan.Distances?.FocusToSampleMm[0]);
        return fromCentralRayMm / magnification;
    }
}
