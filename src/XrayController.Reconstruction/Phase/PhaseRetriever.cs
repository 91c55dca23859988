namespace XrayController.Reconstruction.Phase;

/// <summary>
/// Retrieves the projected refractive index decrement D = ∫δ ds (mm) of one projection angle from its flat-corrected
/// holograms I/I₀, all on one grid (registered, same magnification). With the object's transmission
/// exp(−k∫β ds − ik∫δ ds), the linearised intensity at effective distance z is
/// Ĩ(f) − δ(f) = −2k [sin χ · D̃ + cos χ · B̃/k], χ = πλz|f|² (B = k∫β ds).
/// <list type="bullet">
/// <item>CTF (Cloetens et al. 1999): least squares over the distances, D̃ = −Σ Aₙ Ĩₙ / (2k (Σ Aₙ² + α(f))), with
/// Aₙ = sin χₙ for a weakly absorbing object, or Aₙ = sin χₙ + (β/δ) cos χₙ for a homogeneous one (the mixed variant,
/// which also fixes the lowest frequencies).</item>
/// <item>Paganin (2002): the transport-of-intensity solution for a homogeneous object at the first distance,
/// D = −(δ/β) λ/(4π) · ln F⁻¹[Ĩ / (1 + πλz (δ/β) |f|²)].</item>
/// </list>
/// Images are mirror-padded to the next power of two of twice their size. Two real holograms travel as one complex
/// image (one FFT for two); the result, a real image, needs one inverse FFT. Not thread-safe: one retriever per thread.
/// </summary>
public sealed class PhaseRetriever
{
    private readonly PropagationGeometry _geometry;
    private readonly float[][] _weights;
    private readonly int[] _rowSource;
    private readonly int[] _columnSource;
    private readonly Fourier2D _fourier;
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _outRe;
    private readonly float[] _outIm;
    private HologramModel? _model;
    private float[]? _estimate;
    private float[][]? _residuals;

    public PhaseRetriever(int rows, int columns, PropagationGeometry geometry, PhaseRetrievalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Rows = rows;
        Columns = columns;
        _geometry = geometry;
        Settings = settings;
        PaddedRows = Fourier2D.NextPowerOfTwo(2 * rows);
        PaddedColumns = Fourier2D.NextPowerOfTwo(2 * columns);
        _fourier = new Fourier2D(PaddedRows, PaddedColumns);
        _rowSource = MirrorSources(rows, PaddedRows);
        _columnSource = MirrorSources(columns, PaddedColumns);
        int size = PaddedRows * PaddedColumns;
        _re = new float[size];
        _im = new float[size];
        _outRe = new float[size];
        _outIm = new float[size];
        _weights = settings.Method == PhaseMethod.Paganin ? [PaganinFilter()] : CtfWeights();
        if (settings.Method == PhaseMethod.Ctf && settings.Iterations > 0)
        {
            CreateModel();
        }
    }

    public int Rows { get; }

    public int Columns { get; }

    public int PaddedRows { get; }

    public int PaddedColumns { get; }

    public PhaseRetrievalSettings Settings { get; }

    /// <summary>How many holograms <see cref="Retrieve"/> takes: one for Paganin, one per distance for CTF.</summary>
    public int HologramCount => _weights.Length;

    /// <summary>Writes ∫δ ds (mm) of every pixel into <paramref name="projectedDelta"/> (Rows × Columns).</summary>
    public void Retrieve(IReadOnlyList<float[]> holograms, Span<float> projectedDelta)
    {
        ArgumentNullException.ThrowIfNull(holograms);
        if (holograms.Count != HologramCount)
        {
            throw new ArgumentException($"{Settings.Method} retrieval with this geometry takes {HologramCount} hologram(s), not {holograms.Count}", nameof(holograms));
        }

        foreach (float[] hologram in holograms)
        {
            if (hologram.Length != Rows * Columns)
            {
                throw new ArgumentException($"a hologram holds {hologram.Length} pixels; the retriever was made for {Rows} × {Columns} = {Rows * Columns} (images at every distance must have one shape)", nameof(holograms));
            }
        }

        if (projectedDelta.Length < Rows * Columns)
        {
            throw new ArgumentException($"the output holds {projectedDelta.Length} pixels; {Rows * Columns} needed", nameof(projectedDelta));
        }

        LinearStep(holograms, 1);
        if (_model is not null && Settings.Iterations > 0)
        {
            Array.Copy(_outRe, _estimate!, _outRe.Length);
            double residual = _model.Residuals(_estimate!, holograms, _residuals!);
            for (int iteration = 0; iteration < Settings.Iterations; iteration++)
            {
                LinearStep(_residuals!, 0);
                Step(_estimate!, _outRe, 1);
                double next = _model.Residuals(_estimate!, holograms, _residuals!);
                if (next >= residual)
                {
                    // The correction made the fit worse (the linearisation no longer holds): undo it and stop.
                    Step(_estimate!, _outRe, -1);
                    break;
                }

                residual = next;
            }

            Array.Copy(_estimate!, _outRe, _outRe.Length);
        }

        Finish(projectedDelta);
    }

    /// <summary>
    /// The holograms I/I₀ that ∫δ ds (Rows × Columns, mm) gives at every distance through the full, non-linear forward
    /// model (with ∫β ds = (β/δ)·∫δ ds, or none without δ/β); for registering measured holograms against predicted ones.
    /// </summary>
    public void Predict(float[] projectedDelta, float[][] holograms)
    {
        ArgumentNullException.ThrowIfNull(projectedDelta);
        ArgumentNullException.ThrowIfNull(holograms);
        if (Settings.Method != PhaseMethod.Ctf || holograms.Length != HologramCount || holograms.Any(h => h.Length != Rows * Columns) || projectedDelta.Length != Rows * Columns)
        {
            throw new ArgumentException($"prediction takes a CTF retriever's {Rows} × {Columns} image and {HologramCount} outputs of that size");
        }

        if (_model is null)
        {
            CreateModel();
        }

        Pad(projectedDelta, _estimate!, 0);
        _model!.Predict(_estimate!, holograms);
    }

    private void CreateModel()
    {
        _model = new HologramModel(_fourier, Rows, Columns, _geometry, Settings.DeltaOverBeta is { } ratio ? 1 / ratio : 0);
        _estimate = new float[PaddedRows * PaddedColumns];
        _residuals = [.. _geometry.EffectiveDistancesMm.Select(_ => new float[Rows * Columns])];
    }

    /// <summary>The linear retrieval of images (holograms, or residuals) less <paramref name="background"/>: the padded result in the real plane of the output.</summary>
    private void LinearStep(IReadOnlyList<float[]> images, float background)
    {
        Array.Clear(_outRe);
        Array.Clear(_outIm);
        for (int n = 0; n < images.Count; n += 2)
        {
            Pad(images[n], _re, background);
            if (n + 1 < images.Count)
            {
                Pad(images[n + 1], _im, background);
            }
            else
            {
                Array.Clear(_im);
            }

            _fourier.Forward(_re, _im);
            Accumulate(_weights[n], n + 1 < images.Count ? _weights[n + 1] : null);
        }

        _fourier.Inverse(_outRe, _outIm);
    }

    /// <summary>Out += wa·A + wb·B, where Z = FFT(a + ib) and A = (Z(f) + Z*(−f))/2, B = (Z(f) − Z*(−f))/(2i) are the spectra of the real images a, b.</summary>
    private void Accumulate(float[] wa, float[]? wb)
    {
        int rows = PaddedRows;
        int columns = PaddedColumns;
        Parallel.For(0, rows, r =>
        {
            int rowOffset = r * columns;
            int mirrorRowOffset = ((rows - r) % rows) * columns;
            for (int c = 0; c < columns; c++)
            {
                int i = rowOffset + c;
                int m = mirrorRowOffset + ((columns - c) % columns);
                float x = _re[i], y = _im[i], u = _re[m], v = _im[m];
                float aRe = 0.5f * (x + u), aIm = 0.5f * (y - v);
                float w = wa[i];
                _outRe[i] += w * aRe;
                _outIm[i] += w * aIm;
                if (wb is not null)
                {
                    float bRe = 0.5f * (y + v), bIm = 0.5f * (u - x);
                    float wbi = wb[i];
                    _outRe[i] += wbi * bRe;
                    _outIm[i] += wbi * bIm;
                }
            }
        });
    }

    private void Finish(Span<float> projectedDelta)
    {
        if (Settings.Method == PhaseMethod.Paganin)
        {
            float scale = (float)(-Settings.DeltaOverBeta!.Value * _geometry.WavelengthMm / (4 * Math.PI));
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    float transmission = Math.Max(1 + _outRe[(r * PaddedColumns) + c], 1e-6f);
                    projectedDelta[(r * Columns) + c] = scale * MathF.Log(transmission);
                }
            }

            return;
        }

        for (int r = 0; r < Rows; r++)
        {
            _outRe.AsSpan(r * PaddedColumns, Columns).CopyTo(projectedDelta.Slice(r * Columns, Columns));
        }
    }

    /// <summary>Copies image − background into the padded plane, mirrored across the edges.</summary>
    private void Pad(float[] image, float[] plane, float background) =>
        Parallel.For(0, PaddedRows, r =>
        {
            int source = _rowSource[r] * Columns;
            Span<float> row = plane.AsSpan(r * PaddedColumns, PaddedColumns);
            for (int c = 0; c < row.Length; c++)
            {
                row[c] = image[source + _columnSource[c]] - background;
            }
        });

    /// <summary>estimate += sign · correction, then its padding mirrored again from the image region.</summary>
    private void Step(float[] estimate, float[] correction, float sign)
    {
        for (int i = 0; i < estimate.Length; i++)
        {
            estimate[i] += sign * correction[i];
        }

        MirrorPadding(estimate);
    }

    /// <summary>Refills the padding of a padded plane from its image region, mirrored as <see cref="Pad"/> does, so the estimate stays what the measured field's padding implies.</summary>
    private void MirrorPadding(float[] plane)
    {
        var inner = new float[Rows * Columns];
        for (int r = 0; r < Rows; r++)
        {
            plane.AsSpan(r * PaddedColumns, Columns).CopyTo(inner.AsSpan(r * Columns, Columns));
        }

        Pad(inner, plane, 0);
    }

    /// <summary>Where padded index q reads from: itself inside, else the image mirrored about the nearer edge (periodically).</summary>
    private static int[] MirrorSources(int length, int padded)
    {
        var sources = new int[padded];
        for (int q = 0; q < padded; q++)
        {
            int fromRight = q - length;
            int fromLeft = padded - q;
            int source = q < length ? q : fromRight < fromLeft ? length - 1 - fromRight : fromLeft - 1;
            sources[q] = Math.Clamp(source, 0, length - 1);
        }

        return sources;
    }

    private float[] PaganinFilter()
    {
        double factor = Math.PI * _geometry.WavelengthMm * _geometry.EffectiveDistancesMm[0] * Settings.DeltaOverBeta!.Value;
        return FrequencyMap(f2 => 1 / (1 + (factor * f2)));
    }

    private float[][] CtfWeights()
    {
        double lambda = _geometry.WavelengthMm;
        IReadOnlyList<double> distances = _geometry.EffectiveDistancesMm;
        double betaOverDelta = Settings.DeltaOverBeta is { } ratio ? 1 / ratio : 0;
        double scale = -1 / (2 * _geometry.WaveNumberPerMm);
        double cutoff2 = 1 / (2 * lambda * distances.Min());
        double width2 = 0.2 * cutoff2;
        var weights = new float[distances.Count][];
        for (int n = 0; n < weights.Length; n++)
        {
            weights[n] = new float[PaddedRows * PaddedColumns];
        }

        Parallel.For(0, PaddedRows, () => new double[distances.Count], (r, _, a) =>
        {
            double fy = Fourier2D.Frequency(r, PaddedRows) / _geometry.PixelSizeMm;
            for (int c = 0; c < PaddedColumns; c++)
            {
                double fx = Fourier2D.Frequency(c, PaddedColumns) / _geometry.PixelSizeMm;
                double f2 = (fx * fx) + (fy * fy);
                double sum = 0;
                for (int n = 0; n < a.Length; n++)
                {
                    (double sin, double cos) = Math.SinCos(Math.PI * lambda * distances[n] * f2);
                    a[n] = sin + (betaOverDelta * cos);
                    sum += a[n] * a[n];
                }

                double high = 1 / (1 + Math.Exp(-(f2 - cutoff2) / width2));
                double alpha = Settings.LowFrequencyRegularisation + ((Settings.HighFrequencyRegularisation - Settings.LowFrequencyRegularisation) * high);
                double denominator = sum + alpha;
                for (int n = 0; n < a.Length; n++)
                {
                    weights[n][(r * PaddedColumns) + c] = denominator > 0 ? (float)(scale * a[n] / denominator) : 0;
                }
            }

            return a;
        }, _ => { });
        return weights;
    }

    private float[] FrequencyMap(Func<double, double> ofSquaredFrequency)
    {
        var map = new float[PaddedRows * PaddedColumns];
        Parallel.For(0, PaddedRows, r =>
        {
            double fy = Fourier2D.Frequency(r, PaddedRows) / _geometry.PixelSizeMm;
            for (int c = 0; c < PaddedColumns; c++)
            {
                double fx = Fourier2D.Frequency(c, PaddedColumns) / _geometry.PixelSizeMm;
                map[(r * PaddedColumns) + c] = (float)ofSquaredFrequency((fx * fx) + (fy * fy));
            }
        });
        return map;
    }
}
