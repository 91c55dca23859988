using System.Collections.Concurrent;

namespace XrayController.Simulators.Physics;

/// <summary>
/// Renders flat-panel frames of an ellipsoid phantom in a cone beam from a point source (<see cref="ConeBeamProjector"/>:
/// exact line integrals), then the counting detector. The rotation axis's image sits at <c>axisColumnPx</c> (unbinned;
/// its offset from the panel's centre is the principal point's offset) with the panel centred on its lateral
/// translation; a panel moved along its columns by <see cref="FrameConditions.DetectorShiftMm"/> sees the axis that much
/// nearer its first column; the centring stages put the sample's point they name on the axis. The source sits at SOD
/// and the panel at SDD. A sample stored coarser than the panel resolves (<see cref="IRefinable"/>) is sampled at a
/// quarter of the pixel at the axis inside the cylinder the panel images, a tenth wider and taller than its field.
/// </summary>
public sealed class ConeBeamRenderer(IAttenuatingSample phantom, int rows, int columns, double pixelSizeMm, double sourceToObjectMm, double sourceToDetectorMm, double axisColumnPx, DetectorNoise noise, int seed) : IFrameRenderer
{
    private readonly ConcurrentDictionary<int, DetectorModel> _models = new();

    public IAttenuatingSample Phantom { get; } = phantom;

    public ushort[] Render(FrameConditions conditions)
    {
        int binning = conditions.Binning;
        DetectorModel model = _models.GetOrAdd(binning, b => new DetectorModel(rows / b, columns / b, noise, seed + b));
        if (conditions.PhotonsPerPixel <= 0)
        {
            return model.Render(null, 0, conditions.FrameSeed, conditions.ExposureS);
        }

        int binnedColumns = columns / binning;
        double pixel = pixelSizeMm * binning;
        double offsetU = ParallelBeamRenderer.BinnedAxisColumn(axisColumnPx, binning) - ((binnedColumns - 1) / 2.0) - (conditions.DetectorShiftMm / pixel);
        IAttenuatingSample sample = Phantom is IRefinable refinable ? refinable.Refined(Imaged(conditions, rows / binning, binnedColumns, pixel, offsetU), pixel * sourceToObjectMm / sourceToDetectorMm / 4) : Phantom;
        double[] lineIntegrals = ConeBeamProjector.Project(sample, conditions.AngleDeg, rows / binning, binnedColumns, sourceToObjectMm, sourceToDetectorMm, pixel, pixel, offsetU, 0, conditions.ShiftXMm, conditions.ShiftZMm, centringXMm: conditions.CentringXMm, centringYMm: conditions.CentringYMm);
        return model.Render(lineIntegrals, conditions.PhotonsPerPixel * binning * binning, conditions.FrameSeed, conditions.ExposureS);
    }

    /// <summary>The cylinder of the sample's frame that the panel images (<see cref="ConeBeamProjector"/>'s geometry), a tenth wider and taller.</summary>
    private SampleRegion Imaged(FrameConditions conditions, int binnedRows, int binnedColumns, double pixel, double offsetU)
    {
        double atAxis = pixel * sourceToObjectMm / sourceToDetectorMm;
        double axisColumn = ((binnedColumns - 1) / 2.0) + offsetU;
        double halfWidth = (Math.Max(axisColumn, binnedColumns - 1 - axisColumn) + 1) * atAxis;
        double halfHeight = ((binnedRows / 2.0) + 1) * atAxis;
        (double sin, double cos) = Math.SinCos(conditions.AngleDeg * Math.PI / 180);
        return new SampleRegion(conditions.CentringXMm - (conditions.ShiftXMm * cos), conditions.CentringYMm - (conditions.ShiftXMm * sin), 1.1 * halfWidth, -conditions.ShiftZMm - (1.1 * halfHeight), -conditions.ShiftZMm + (1.1 * halfHeight));
    }
}
