using System.Collections.Concurrent;

namespace XrayController.Simulators.Physics;

/// <summary>
/// Renders detector frames of a phantom in a parallel beam: exact line integrals, then the counting detector. Binning b
/// sums b × b pixels: the pixel grows b times, the photons per pixel b² times, and the axis column (pixel j's centre at
/// j) becomes (c + 0.5) / b − 0.5.
/// </summary>
public sealed class ParallelBeamRenderer(Phantom phantom, int rows, int columns, double pixelSizeMm, double axisColumnPx, DetectorNoise noise, int seed)
{
    private readonly ConcurrentDictionary<int, DetectorModel> _models = new();

    public Phantom Phantom { get; } = phantom;

    public static double BinnedAxisColumn(double axisColumnPx, int binning) => ((axisColumnPx + 0.5) / binning) - 0.5;

    /// <param name="angleDeg">The stage angle.</param>
    /// <param name="shiftXMm">How far the sample stage has moved the sample across the beam.</param>
    /// <param name="shiftZMm">How far it has moved the sample up.</param>
    /// <param name="photonsPerPixel">Open-beam photons per unbinned pixel during the exposure; 0 with the beam off.</param>
    /// <param name="binning">Detector binning.</param>
    /// <param name="frameSeed">Selects the frame's noise.</param>
    /// <param name="exposureS">The exposure, over which dark current accumulates.</param>
    public ushort[] Render(double angleDeg, double shiftXMm, double shiftZMm, double photonsPerPixel, int binning, long frameSeed, double exposureS = 0)
    {
        var geometry = new ParallelBeamGeometry(rows / binning, columns / binning, pixelSizeMm * binning, BinnedAxisColumn(axisColumnPx, binning), shiftXMm, shiftZMm);
        DetectorModel model = _models.GetOrAdd(binning, b => new DetectorModel(geometry.Rows, geometry.Columns, noise, seed + b));
        if (photonsPerPixel <= 0)
        {
            return model.Render(null, 0, frameSeed, exposureS);
        }

        var lineIntegrals = new double[geometry.Rows * geometry.Columns];
        Parallel.For(0, geometry.Rows, row => ParallelBeamProjector.ProjectRow(Phantom, geometry, angleDeg, row, lineIntegrals.AsSpan(row * geometry.Columns, geometry.Columns)));
        return model.Render(lineIntegrals, photonsPerPixel * binning * binning, frameSeed, exposureS);
    }
}
