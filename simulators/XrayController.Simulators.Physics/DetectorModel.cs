using MathNet.Numerics.Distributions;

namespace XrayController.Simulators.Physics;

/// <summary>
/// A counting detector: expected photons λ = I0 · F(u, v) · exp(−∫μ ds) (Beer–Lambert), counts = Poisson(λ) / g + D(u, v)
/// + dark current · exposure (Poisson in electrons) + read noise, rounded and clipped to the count range (g: electrons
/// per count). F is a fixed flat-field pattern (a smooth illumination profile
/// plus column-to-column gain differences, the cause of ring artefacts) and D a fixed dark-current pattern, both drawn
/// once from the seed; per-frame noise is drawn from (seed, frame, row), so rendering is reproducible and parallel.
/// </summary>
public sealed class DetectorModel
{
    private readonly double[] _flat;
    private readonly double[] _dark;
    private readonly int _seed;

    public DetectorModel(int rows, int columns, DetectorNoise noise, int seed)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Rows = rows;
        Columns = columns;
        Noise = noise;
        _seed = seed;
        (_flat, _dark) = FixedPatterns(rows, columns, noise, seed);
    }

    public int Rows { get; }

    public int Columns { get; }

    public DetectorNoise Noise { get; }

    /// <summary>The flat-field gain of a pixel (mean 1): what a flat frame shows, divided by I0.</summary>
    public double FlatGain(int row, int column) => _flat[(row * Columns) + column];

    /// <summary>The mean dark signal of a pixel.</summary>
    public double DarkMean(int row, int column) => _dark[(row * Columns) + column];

    /// <summary>
    /// Renders one frame. <paramref name="lineIntegrals"/> (row-major) is null for an open beam with nothing in it;
    /// <paramref name="photonsPerPixel"/> is 0 for a dark frame (beam off).
    /// </summary>
    public ushort[] Render(double[]? lineIntegrals, double photonsPerPixel, long frameSeed, double exposureS = 0)
    {
        if (lineIntegrals is not null && lineIntegrals.Length != Rows * Columns)
        {
            throw new ArgumentException($"expected {Rows * Columns} line integrals, got {lineIntegrals.Length}", nameof(lineIntegrals));
        }

        var counts = new ushort[Rows * Columns];
        Parallel.For(0, Rows, row => RenderRow(row, lineIntegrals, photonsPerPixel, frameSeed, exposureS, counts));
        return counts;
    }

    private void RenderRow(int row, double[]? lineIntegrals, double photonsPerPixel, long frameSeed, double exposureS, ushort[] counts)
    {
        var random = new Random(DeterministicSeed.Mix(_seed, frameSeed, row));
        double gain = Noise.ElectronsPerCount;
        double thermalElectrons = Noise.DarkCurrentPerS * exposureS * gain;
        for (int column = 0; column < Columns; column++)
        {
            int i = (row * Columns) + column;
            double transmission = lineIntegrals is null ? 1 : Math.Exp(-lineIntegrals[i]);
            double expected = photonsPerPixel * _flat[i] * transmission;
            double electrons = (expected > 0 ? Poisson.Sample(random, expected) : 0) + (thermalElectrons > 0 ? Poisson.Sample(random, thermalElectrons) : 0);
            double signal = (electrons / gain) + _dark[i] + (Noise.ReadNoiseCounts > 0 ? Normal.Sample(random, 0, Noise.ReadNoiseCounts) : 0);
            counts[i] = (ushort)Math.Clamp(Math.Round(signal), 0, Noise.MaxCount);
        }
    }

    private static (double[] Flat, double[] Dark) FixedPatterns(int rows, int columns, DetectorNoise noise, int seed)
    {
        var random = new Random(DeterministicSeed.Mix(seed, -1));
        var columnGain = new double[columns];
        for (int column = 0; column < columns; column++)
        {
            columnGain[column] = (2 * random.NextDouble()) - 1;
        }

        var flat = new double[rows * columns];
        var dark = new double[rows * columns];
        for (int row = 0; row < rows; row++)
        {
            double vertical = Math.Cos((2 * Math.PI * 0.8 * row / rows) + 1.1);
            for (int column = 0; column < columns; column++)
            {
                double smooth = Math.Cos((2 * Math.PI * 1.5 * column / columns) + 0.3) * vertical;
                int i = (row * columns) + column;
                flat[i] = 1 + (noise.FlatNonUniformity * ((0.7 * smooth) + (0.3 * columnGain[column])));
                dark[i] = noise.DarkCounts * (1 + (0.1 * ((2 * random.NextDouble()) - 1)));
            }
        }

        return (flat, dark);
    }
}
