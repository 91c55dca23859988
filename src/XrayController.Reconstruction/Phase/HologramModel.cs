namespace XrayController.Reconstruction.Phase;

/// <summary>
/// The forward model of holography on a retriever's padded grid, without linearisation: the transmission
/// exp(−k∫β ds − ik∫δ ds) of an estimate of ∫δ ds (∫β ds = (β/δ)·∫δ ds, or 0 for a pure phase object), propagated to
/// each distance by the Fresnel transfer function exp(−iπλz|f|²); it gives the residual between the measured holograms
/// and those the estimate predicts, which the CTF turns into a correction (an iterative, Gauss–Newton-like refinement
/// of the linear retrieval that handles phase shifts of a radian and more, stopped when a correction no longer
/// lowers the residual).
/// </summary>
internal sealed class HologramModel
{
    private readonly Fourier2D _fourier;
    private readonly int _rows;
    private readonly int _columns;
    private readonly int _paddedColumns;
    private readonly double _waveNumber;
    private readonly double _betaOverDelta;
    private readonly float[][] _cos;
    private readonly float[][] _sin;
    private readonly float[] _spectrumRe;
    private readonly float[] _spectrumIm;
    private readonly float[] _re;
    private readonly float[] _im;

    public HologramModel(Fourier2D fourier, int rows, int columns, PropagationGeometry geometry, double betaOverDelta)
    {
        _fourier = fourier;
        _rows = rows;
        _columns = columns;
        _paddedColumns = fourier.Columns;
        _waveNumber = geometry.WaveNumberPerMm;
        _betaOverDelta = betaOverDelta;
        int size = fourier.Rows * fourier.Columns;
        int distances = geometry.EffectiveDistancesMm.Count;
        _cos = new float[distances][];
        _sin = new float[distances][];
        for (int n = 0; n < distances; n++)
        {
            double factor = Math.PI * geometry.WavelengthMm * geometry.EffectiveDistancesMm[n];
            float[] cos = _cos[n] = new float[size];
            float[] sin = _sin[n] = new float[size];
            Parallel.For(0, fourier.Rows, r =>
            {
                double fy = Fourier2D.Frequency(r, fourier.Rows) / geometry.PixelSizeMm;
                for (int c = 0; c < fourier.Columns; c++)
                {
                    double fx = Fourier2D.Frequency(c, fourier.Columns) / geometry.PixelSizeMm;
                    (double s, double co) = Math.SinCos(factor * ((fx * fx) + (fy * fy)));
                    cos[(r * fourier.Columns) + c] = (float)co;
                    sin[(r * fourier.Columns) + c] = (float)s;
                }
            });
        }

        _spectrumRe = new float[size];
        _spectrumIm = new float[size];
        _re = new float[size];
        _im = new float[size];
    }

    /// <summary>residuals[n] = holograms[n] − the hologram the padded estimate predicts at distance n (Rows × Columns each); returns their sum of squares.</summary>
    public double Residuals(float[] paddedDelta, IReadOnlyList<float[]> holograms, float[][] residuals)
    {
        Predict(paddedDelta, residuals);
        double sum = 0;
        for (int n = 0; n < holograms.Count; n++)
        {
            float[] hologram = holograms[n];
            float[] residual = residuals[n];
            for (int i = 0; i < residual.Length; i++)
            {
                residual[i] = hologram[i] - residual[i];
                sum += residual[i] * residual[i];
            }
        }

        return sum;
    }

    /// <summary>predicted[n] = the hologram I/I₀ the padded estimate gives at distance n (Rows × Columns each).</summary>
    public void Predict(float[] paddedDelta, float[][] predicted)
    {
        Parallel.For(0, _spectrumRe.Length / _paddedColumns, r =>
        {
            for (int c = r * _paddedColumns; c < (r + 1) * _paddedColumns; c++)
            {
                double phase = _waveNumber * paddedDelta[c];
                double amplitude = Math.Exp(-_betaOverDelta * phase);
                (double sin, double cos) = Math.SinCos(phase);
                _spectrumRe[c] = (float)(amplitude * cos);
                _spectrumIm[c] = (float)(-amplitude * sin);
            }
        });
        _fourier.Forward(_spectrumRe, _spectrumIm);
        for (int n = 0; n < predicted.Length; n++)
        {
            float[] cos = _cos[n];
            float[] sin = _sin[n];
            Parallel.For(0, _spectrumRe.Length / _paddedColumns, r =>
            {
                for (int c = r * _paddedColumns; c < (r + 1) * _paddedColumns; c++)
                {
                    float a = _spectrumRe[c], b = _spectrumIm[c];
                    _re[c] = (a * cos[c]) + (b * sin[c]);
                    _im[c] = (b * cos[c]) - (a * sin[c]);
                }
            });
            _fourier.Inverse(_re, _im);
            float[] image = predicted[n];
            Parallel.For(0, _rows, r =>
            {
                for (int c = 0; c < _columns; c++)
                {
                    int p = (r * _paddedColumns) + c;
                    image[(r * _columns) + c] = (_re[p] * _re[p]) + (_im[p] * _im[p]);
                }
            });
        }
    }
}
