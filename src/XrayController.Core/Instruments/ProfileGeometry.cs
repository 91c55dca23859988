using XrayController.Core.Plans;

namespace XrayController.Core.Instruments;

/// <summary>Quantities derived from a profile and a plan's detector settings: frame shape, effective pixel, field of view.</summary>
public static class ProfileGeometry
{
    public static int FrameColumns(InstrumentProfile profile, int binning) => profile.Detector.Columns / binning;

    public static int FrameRows(InstrumentProfile profile, int binning) => profile.Detector.Rows / binning;

    /// <summary>The pixel size at the sample, in µm (detector pixel over magnification), for a cone beam at its profile distance.</summary>
    public static double EffectivePixelUm(InstrumentProfile profile, double? sourceToObjectMm = null) =>
        profile.Detector.PixelSizeUm / profile.Geometry.Magnification(sourceToObjectMm);

    /// <summary>Vertical field of view at the sample, in mm.</summary>
    public static double FieldOfViewHeightMm(InstrumentProfile profile) =>
        profile.Detector.Rows * EffectivePixelUm(profile) / 1000.0;

    public static IReadOnlyList<double> TilePositionsMm(InstrumentProfile profile, TileAxis tiles) =>
        tiles.PositionsMm(FieldOfViewHeightMm(profile));
}
