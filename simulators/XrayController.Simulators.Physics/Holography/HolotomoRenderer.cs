using System.Collections.Concurrent;
using System.Numerics;

namespace XrayController.Simulators.Physics.Holography;

/// <summary>
/// What smooths a hologram beyond the pixels: the focus's size (FWHM, mm; partial coherence — each point of the source
/// casts the image shifted, by the source offset × z2 / (z1 + z2) at the sample) and the detector's point-spread
/// function (Gaussian σ in unbinned pixels, e.g. scintillator light spread). Both blur the intensity.
/// </summary>
public sealed record HologramBlur(double SourceFwhmMm, double DetectorSigmaPx);

/// <summary>
/// Renders holograms of a phase sample in the cone beam from a focus (Fresnel scaling): at focus-to-sample z1 and
/// focus-to-detector z1 + z2 the detector sees the plane-wave image at z_eff = z1·z2 / (z1 + z2), magnified by
/// M = (z1 + z2) / z1, so a detector pixel p sees p / M of the sample. The sample's transmission
/// exp(−k∫β ds − ik∫δ ds) is sampled on a grid twice as fine as the (binned) pixels at the sample, with a margin of
/// free space (at least three Fresnel-zone widths) up to the next power of two, propagated to z_eff
/// (<see cref="FresnelPropagator"/>), its intensity blurred by <see cref="Blur"/> when set and averaged over each
/// pixel's 2 × 2 samples; then the counting detector (Poisson, flat field, dark, read noise). The rotation axis's image sits at <c>axisColumnPx</c> at the
/// reference distance and moves with the magnification about the detector's centre (the optical axis).
/// </summary>
public sealed class HolotomoRenderer(IPhaseSample sample, int rows, int columns, double pixelSizeMm, double sourceToDetectorMm, double axisColumnPx, double referenceZ1Mm, DetectorNoise noise, int seed) : IFrameRenderer
{
    private const int Oversampling = 2;
    private const double PlanckTimesLightEvMm = 12398.419843e-7;

    private readonly ConcurrentDictionary<int, DetectorModel> _models = new();

    public IPhaseSample Sample { get; } = sample;

    /// <summary>Partial coherence and detector blur (none by default).</summary>
    public HologramBlur Blur { get; init; } = new(0, 0);

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
        var gridIntensity = new double[field.Length];
        for (int i = 0; i < field.Length; i++)
        {
            gridIntensity[i] = (field[i].Real * field[i].Real) + (field[i].Imaginary * field[i].Imaginary);
        }

        double sourceSigmaMm = Blur.SourceFwhmMm / (2 * Math.Sqrt(2 * Math.Log(2))) * (sourceToDetectorMm - z1Mm) / sourceToDetectorMm;
        double detectorSigmaGrid = Blur.DetectorSigmaPx * Oversampling / binning;
        double sigma = Math.Sqrt(Math.Pow(sourceSigmaMm / geometry.PixelSizeMm, 2) + (detectorSigmaGrid * detectorSigmaGrid));
        if (sigma > 0)
        {
            GaussianBlur(gridIntensity, gridRows, gridColumns, sigma);
        }

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
                        sum += gridIntensity[offset + b];
                    }
                }

                intensity[(v * binnedColumns) + u] = sum / (Oversampling * Oversampling);
            }
        });
        return intensity;
    }

    /// <summary>Separable Gaussian blur of a rows × columns image (σ in its pixels, ±3σ taps, edges clamped), in place.</summary>
    private static void GaussianBlur(double[] image, int rows, int columns, double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        double[] taps = [.. Enumerable.Range(-radius, (2 * radius) + 1).Select(k => Math.Exp(-k * k / (2 * sigma * sigma)))];
        double total = taps.Sum();
        for (int k = 0; k < taps.Length; k++)
        {
            taps[k] /= total;
        }

        var across = new double[image.Length];
        Parallel.For(0, rows, r =>
        {
            for (int c = 0; c < columns; c++)
            {
                double sum = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    sum += taps[k + radius] * image[(r * columns) + Math.Clamp(c + k, 0, columns - 1)];
                }

                across[(r * columns) + c] = sum;
            }
        });
        Parallel.For(0, columns, c =>
        {
            for (int r = 0; r < rows; r++)
            {
                double sum = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    sum += taps[k + radius] * across[(Math.Clamp(r + k, 0, rows - 1) * columns) + c];
                }

                image[(r * columns) + c] = sum;
            }
        });
    }

    private static int NextPowerOfTwo(int n) => n <= 1 ? 1 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n);
}
