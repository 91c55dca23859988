using System.Collections.Concurrent;
using System.Numerics;

namespace XrayController.Simulators.Physics.Holography;

/// <summary>
/// Renders holograms of a phase sample in the cone beam from a focus (Fresnel scaling): at focus-to-sample z1 and
/// focus-to-detector z1 + z2 the detector sees the plane-wave image at z_eff = z1·z2 / (z1 + z2), magnified by
/// M = (z1 + z2) / z1, so a detector pixel p sees p / M of the sample. The sample's transmission
/// exp(−k∫β ds − ik∫δ ds) is sampled on a grid twice as fine as the (binned) pixels at the sample, with a margin of
/// free space (at least three Fresnel-zone widths) up to the next power of two, propagated to z_eff
/// (<see cref="FresnelPropagator"/>), and its intensity averaged over each pixel's 2 × 2 samples; then the counting
/// detector (Poisson, flat field, dark, read noise). The rotation axis's image sits at <c>axisColumnPx</c> at the
/// reference distance and moves with the magnification about the detector's centre (the optical axis).
/// </summary>
public sealed class HolotomoRenderer(IPhaseSample sample, int rows, int columns, double pixelSizeMm, double sourceToDetectorMm, double axisColumnPx, double referenceZ1Mm, DetectorNoise noise, int seed) : IFrameRenderer
{
    private const int Oversampling = 2;
    private const double PlanckTimesLightEvMm = 12398.419843e-7;

    private readonly ConcurrentDictionary<int, DetectorModel> _models = new();

    public IPhaseSample Sample { get; } = sample;

    public static double Magnification(double z1Mm, double sourceToDetectorMm) => sourceToDetectorMm / z1Mm;

    public static double EffectiveDistanceMm(double z1Mm, double sourceToDetectorMm) => z1Mm * (sourceToDetectorMm - z1Mm) / sourceToDetectorMm;

    /// <summary>The rotation axis's column in binned pixels at focus-to-sample <paramref name="z1Mm"/>.</summary>
    public double AxisColumn(double z1Mm, int binning)
    {
        double center = ((columns / binning) - 1) / 2.0;
        double atReference = ParallelBeamRenderer.BinnedAxisColumn(axisColumnPx, binning);
        return center + ((atReference - center) * referenceZ1Mm / z1Mm);
    }

    /// <summary>A frame at the conditions' focus-to-sample distance (a plain flat or dark frame when the beam is off or the sample out).</summary>
    public ushort[] Render(FrameConditions conditions)
    {
        if (!double.IsFinite(conditions.FocusToSampleMm))
        {
            throw new ArgumentException("a hologram needs the focus-to-sample distance (the instrument's focus_to_sample axis)", nameof(conditions));
        }

        return Render(conditions.AngleDeg, conditions.FocusToSampleMm, conditions.ShiftXMm, conditions.ShiftZMm, conditions.PhotonsPerPixel, conditions.Binning, conditions.FrameSeed, conditions.ExposureS, conditions.EnergyEv);
    }

    /// <summary>A detector frame: the hologram at <paramref name="z1Mm"/> with <paramref name="photonsPerPixel"/> open-beam photons per unbinned pixel (0: a dark frame).</summary>
    public ushort[] Render(double angleDeg, double z1Mm, double shiftXMm, double shiftZMm, double photonsPerPixel, int binning, long frameSeed, double exposureS, double energyEv)
    {
        DetectorModel model = _models.GetOrAdd(binning, b => new DetectorModel(rows / b, columns / b, noise, seed + b));
        if (photonsPerPixel <= 0)
        {
            return model.Render(null, 0, frameSeed, exposureS);
        }

        double[] intensity = Hologram(angleDeg, z1Mm, shiftXMm, shiftZMm, binning, energyEv);
        var lineIntegrals = new double[intensity.Length];
        for (int i = 0; i < intensity.Length; i++)
        {
            lineIntegrals[i] = -Math.Log(Math.Max(intensity[i], 1e-9));
        }

        return model.Render(lineIntegrals, photonsPerPixel * binning * binning, frameSeed, exposureS);
    }

    /// <summary>The noise-free hologram I/I₀ on the binned detector (row-major).</summary>
    public double[] Hologram(double angleDeg, double z1Mm, double shiftXMm, double shiftZMm, int binning, double energyEv)
    {
        if (!(z1Mm > 0 && z1Mm < sourceToDetectorMm))
        {
            throw new ArgumentOutOfRangeException(nameof(z1Mm), z1Mm, $"the sample must lie between the focus and the detector (0–{sourceToDetectorMm} mm)");
        }

        int binnedRows = rows / binning;
        int binnedColumns = columns / binning;
        double wavelength = PlanckTimesLightEvMm / energyEv;
        double zEff = EffectiveDistanceMm(z1Mm, sourceToDetectorMm);
        double pixelAtSample = pixelSizeMm * binning / Magnification(z1Mm, sourceToDetectorMm);
        int margin = (int)Math.Ceiling(3 * Math.Sqrt(wavelength * zEff) / pixelAtSample) + 4;
        int gridRows = NextPowerOfTwo(Oversampling * (binnedRows + (2 * margin)));
        int gridColumns = NextPowerOfTwo(Oversampling * (binnedColumns + (2 * margin)));
        int firstRow = (gridRows - (Oversampling * binnedRows)) / 2;
        int firstColumn = (gridColumns - (Oversampling * binnedColumns)) / 2;
        double gridAxis = firstColumn + (Oversampling * (AxisColumn(z1Mm, binning) + 0.5)) - 0.5;
        var geometry = new ParallelBeamGeometry(gridRows, gridColumns, pixelAtSample / Oversampling, gridAxis, shiftXMm, shiftZMm);
        double k = 2 * Math.PI / wavelength;
        var field = new Complex[gridRows * gridColumns];
        Parallel.For(0, gridRows, () => (new double[gridColumns], new double[gridColumns]), (r, _, buffers) =>
        {
            (double[] delta, double[] beta) = buffers;
            Sample.ProjectRow(geometry, angleDeg, r, energyEv, delta, beta);
            for (int c = 0; c < gridColumns; c++)
            {
                field[(r * gridColumns) + c] = Complex.FromPolarCoordinates(Math.Exp(-k * beta[c]), -k * delta[c]);
            }

            return buffers;
        }, _ => { });
        FresnelPropagator.Propagate(field, gridRows, gridColumns, geometry.PixelSizeMm, wavelength, zEff);
        var intensity = new double[binnedRows * binnedColumns];
        Parallel.For(0, binnedRows, v =>
        {
            for (int u = 0; u < binnedColumns; u++)
            {
                double sum = 0;
                for (int a = 0; a < Oversampling; a++)
                {
                    int offset = ((firstRow + (Oversampling * v) + a) * gridColumns) + firstColumn + (Oversampling * u);
                    for (int b = 0; b < Oversampling; b++)
                    {
                        Complex value = field[offset + b];
                        sum += (value.Real * value.Real) + (value.Imaginary * value.Imaginary);
                    }
                }

                intensity[(v * binnedColumns) + u] = sum / (Oversampling * Oversampling);
            }
        });
        return intensity;
    }

    private static int NextPowerOfTwo(int n) => n <= 1 ? 1 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n);
}
