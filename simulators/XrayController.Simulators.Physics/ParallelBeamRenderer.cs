using System.Collections.Concurrent;

namespace XrayController.Simulators.Physics;

/// <summary>
/// Renders detector frames of a sample in a parallel beam: exact line integrals at the beam's energy, then the counting
/// detector. Binning b
/// sums b × b pixels: the pixel grows b times, the photons per pixel b² times, and the axis column (pixel j's centre at
/// j) becomes (c + 0.5) / b − 0.5. A frame taken while the sample turns (a fly scan) is blurred: its transmission is the
/// mean of the transmissions at angles spread over the arc turned during the exposure, about one per pixel that the
/// outermost column's shadow moves (arc in radians × columns / 2, rounded; up to eight): a shadow that moves by less than
/// a pixel and a half is rendered sharp. A change of magnification (a zone plate refocused at another energy) scales the
/// image about the detector's centre, the optical axis, so the rotation axis's image moves unless it sits there.
/// </summary>
public sealed class ParallelBeamRenderer(IProjectable sample, int rows, int columns, double pixelSizeMm, double axisColumnPx, DetectorNoise noise, int seed) : IFrameRenderer
{
    private const int MaxBlurSamples = 8;

    private readonly ConcurrentDictionary<int, DetectorModel> _models = new();

    public IProjectable Sample { get; } = sample;

    public static double BinnedAxisColumn(double axisColumnPx, int binning) => ((axisColumnPx + 0.5) / binning) - 0.5;

    public ushort[] Render(FrameConditions conditions) => Render(
        conditions.AngleDeg,
        conditions.ShiftXMm,
        conditions.ShiftZMm,
        conditions.PhotonsPerPixel,
        conditions.Binning,
        conditions.FrameSeed,
        conditions.ExposureS,
        conditions.ArcDeg,
        conditions.MagnificationScale,
        conditions.EnergyEv,
        conditions.UpstreamLineIntegral);

    /// <param name="angleDeg">The stage angle.</param>
    /// <param name="shiftXMm">How far the sample stage has moved the sample across the beam.</param>
    /// <param name="shiftZMm">How far it has moved the sample up.</param>
    /// <param name="photonsPerPixel">Open-beam photons per unbinned pixel during the exposure; 0 with the beam off.</param>
    /// <param name="binning">Detector binning.</param>
    /// <param name="frameSeed">Selects the frame's noise.</param>
    /// <param name="exposureS">The exposure, over which dark current accumulates.</param>
    /// <param name="arcDeg">The angle turned during the exposure, centred on <paramref name="angleDeg"/> (0 for a still sample).</param>
    /// <param name="magnificationScale">The magnification relative to the profile's (a zone plate refocused at another energy): the pixel at the sample shrinks by it.</param>
    /// <param name="energyEv">The photon energy (NaN without a monochromator; only spectral samples need it).</param>
    /// <param name="upstreamLineIntegral">∫μ ds of a uniform absorber across the whole beam (a reference foil), added to every pixel.</param>
    public ushort[] Render(double angleDeg, double shiftXMm, double shiftZMm, double photonsPerPixel, int binning, long frameSeed, double exposureS = 0, double arcDeg = 0, double magnificationScale = 1, double energyEv = double.NaN, double upstreamLineIntegral = 0)
    {
        int binnedColumns = columns / binning;
        double opticalAxis = (binnedColumns - 1) / 2.0;
        double axisColumn = opticalAxis + ((BinnedAxisColumn(axisColumnPx, binning) - opticalAxis) * magnificationScale);
        var geometry = new ParallelBeamGeometry(rows / binning, binnedColumns, pixelSizeMm * binning / magnificationScale, axisColumn, shiftXMm, shiftZMm);
        DetectorModel model = _models.GetOrAdd(binning, b => new DetectorModel(geometry.Rows, geometry.Columns, noise, seed + b));
        if (photonsPerPixel <= 0)
        {
            return model.Render(null, 0, frameSeed, exposureS);
        }

        int samples = Math.Clamp((int)Math.Round(Math.Abs(arcDeg) * Math.PI / 180 * geometry.Columns / 2), 1, MaxBlurSamples);
        var lineIntegrals = new double[geometry.Rows * geometry.Columns];
        Parallel.For(0, geometry.Rows, row => ProjectRow(geometry, angleDeg, arcDeg, samples, energyEv, row, lineIntegrals.AsSpan(row * geometry.Columns, geometry.Columns)));
        if (upstreamLineIntegral != 0)
        {
            for (int i = 0; i < lineIntegrals.Length; i++)
            {
                lineIntegrals[i] += upstreamLineIntegral;
            }
        }

        return model.Render(lineIntegrals, photonsPerPixel * binning * binning, frameSeed, exposureS);
    }

    /// <summary>One row's line integrals; with blur, −ln of the mean transmission over the arc.</summary>
    private void ProjectRow(ParallelBeamGeometry geometry, double angleDeg, double arcDeg, int samples, double energyEv, int row, Span<double> integrals)
    {
        if (samples == 1)
        {
            Sample.ProjectRow(geometry, angleDeg, row, energyEv, integrals);
            return;
        }

        Span<double> one = new double[integrals.Length];
        Span<double> transmission = new double[integrals.Length];
        for (int k = 0; k < samples; k++)
        {
            double at = angleDeg + (arcDeg * (((k + 0.5) / samples) - 0.5));
            Sample.ProjectRow(geometry, at, row, energyEv, one);
            for (int i = 0; i < one.Length; i++)
            {
                transmission[i] += Math.Exp(-one[i]) / samples;
            }
        }

        for (int i = 0; i < integrals.Length; i++)
        {
            integrals[i] = -Math.Log(transmission[i]);
        }
    }
}
