namespace XrayController.Analysis.Xanes;

/// <summary>
/// Normalises every voxel's spectrum and finds its edge. Voxels are taken in blocks: the fits run across a block with
/// SIMD (one scaled sum per fit point and coefficient), then each voxel's edge region is searched on its own; blocks run
/// in parallel. A voxel with a non-finite value anywhere gets NaN results (<paramref name="maxThreads"/> 1 gives the single-threaded path).
/// Each voxel's noise is read from the residuals of its pre- and post-edge fits (σ² = residual sum of squares over the
/// degrees of freedom), scaled by its edge step to the normalised spectrum, and carried through the half-height fit to
/// the variance of its edge energy.
/// </summary>
public sealed class EdgeMapper(EdgeNormaliser normaliser, int maxThreads = -1)
{
    private const int BlockVoxels = 2048;

    /// <summary>The maps of a whole stack, read as one slab.</summary>
    public EdgeMaps Map(ISpectralStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        EdgeMaps maps = EdgeMaps.Allocate(stack.Shape);
        MapSlab(stack.Slab(0, stack.Shape.Depth), 0, maps);
        return maps;
    }

    /// <summary>Maps the voxels of one slab (element k its values at energy k) into <paramref name="maps"/> from voxel <paramref name="firstVoxel"/> on.</summary>
    public void MapSlab(SpectralSlab slab, int firstVoxel, EdgeMaps maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        int count = slab.Length;
        int blocks = (count + BlockVoxels - 1) / BlockVoxels;
        Parallel.For(
            0,
            blocks,
            new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
            () => new Scratch(normaliser),
            (block, _, scratch) =>
            {
                int start = block * BlockVoxels;
                MapBlock(slab, start, Math.Min(BlockVoxels, count - start), scratch, firstVoxel, maps);
                return scratch;
            },
            _ => { });
    }

    private void MapBlock(SpectralSlab slab, int start, int length, Scratch scratch, int firstVoxel, EdgeMaps maps)
    {
        Fit(slab, normaliser.PreFit, normaliser.PreIndices, start, length, scratch.Pre);
        Fit(slab, normaliser.PostFit, normaliser.PostIndices, start, length, scratch.Post);
        double[] energies = normaliser.EdgeEnergiesEv;
        for (int v = 0; v < length; v++)
        {
            int voxel = start + v;
            double stepAtE0 = Coefficient(scratch.Post, 0, v) - Coefficient(scratch.Pre, 0, v);
            for (int i = 0; i < energies.Length; i++)
            {
                double x = scratch.Powers[i];
                double below = Coefficient(scratch.Pre, 0, v) + (Coefficient(scratch.Pre, 1, v) * x);
                double above = Evaluate(scratch.Post, v, x);
                scratch.Normalised[i] = (slab[normaliser.EdgeIndices[i], voxel] - below) / (above - below);
            }

            (double halfEv, double derivativeEv, double fitVariance, double slopeSquared) = scratch.Locator.FindWithVariance(scratch.Normalised, scratch.Work);
            int at = firstVoxel + voxel;
            maps.HalfHeightEv[at] = (float)halfEv;
            maps.MaxDerivativeEv[at] = (float)derivativeEv;
            maps.Step[at] = (float)stepAtE0;
            maps.HalfHeightVarianceEv2[at] = (float)EdgeVariance(ResidualVariance(slab, voxel, v, scratch), stepAtE0, halfEv, fitVariance, slopeSquared);
        }
    }

    /// <summary>
    /// The half-height energy's variance: the normalised points' own noise (σ² / step²) through the local cubic, plus
    /// the uncertainty of the two normalisation fits at that energy (at half height each weighs ½), over the slope².
    /// </summary>
    private double EdgeVariance(double noiseVariance, double step, double halfEv, double fitVariance, double slopeSquared)
    {
        if (!double.IsFinite(halfEv) || !double.IsFinite(fitVariance))
        {
            return double.NaN;
        }

        double baseline = 0.25 * noiseVariance * (normaliser.Leverage(normaliser.PreCovariance, halfEv) + normaliser.Leverage(normaliser.PostCovariance, halfEv));
        return ((noiseVariance * fitVariance) + baseline) / (step * step) / slopeSquared;
    }

    /// <summary>The spread of a voxel's points about its pre-edge line and post-edge polynomial: its measurement noise.</summary>
    private double ResidualVariance(SpectralSlab slab, int voxel, int v, Scratch scratch)
    {
        double sum = 0;
        for (int i = 0; i < normaliser.PreIndices.Length; i++)
        {
            double r = slab[normaliser.PreIndices[i], voxel] - (Coefficient(scratch.Pre, 0, v) + (Coefficient(scratch.Pre, 1, v) * scratch.PrePowers[i]));
            sum += r * r;
        }

        for (int i = 0; i < normaliser.PostIndices.Length; i++)
        {
            double r = slab[normaliser.PostIndices[i], voxel] - Evaluate(scratch.Post, v, scratch.PostPowers[i]);
            sum += r * r;
        }

        return sum / scratch.DegreesOfFreedom;
    }

    private static double Coefficient(float[][] coefficients, int c, int v) => coefficients[c][v];

    private static double Evaluate(float[][] coefficients, int v, double x)
    {
        double sum = 0;
        for (int c = coefficients.Length - 1; c >= 0; c--)
        {
            sum = (sum * x) + coefficients[c][v];
        }

        return sum;
    }

    private static void Fit(SpectralSlab slab, float[,] fit, int[] indices, int start, int length, float[][] coefficients)
    {
        for (int c = 0; c < coefficients.Length; c++)
        {
            Span<float> sum = coefficients[c].AsSpan(0, length);
            sum.Clear();
            for (int i = 0; i < indices.Length; i++)
            {
                ScaledSum.Accumulate(sum, slab.At(indices[i]).Slice(start, length), fit[c, i]);
            }
        }
    }

    private sealed class Scratch(EdgeNormaliser normaliser)
    {
        public float[][] Pre { get; } = [.. Enumerable.Range(0, normaliser.PreFit.GetLength(0)).Select(_ => new float[BlockVoxels])];

        public float[][] Post { get; } = [.. Enumerable.Range(0, normaliser.PostFit.GetLength(0)).Select(_ => new float[BlockVoxels])];

        public EdgePosition Locator { get; } = new(normaliser.EdgeEnergiesEv);

        public double[] Powers { get; } = [.. normaliser.EdgeEnergiesEv.Select(normaliser.Scaled)];

        public double[] PrePowers { get; } = [.. normaliser.PreIndices.Select(k => normaliser.Scaled(normaliser.EnergiesEv[k]))];

        public double[] PostPowers { get; } = [.. normaliser.PostIndices.Select(k => normaliser.Scaled(normaliser.EnergiesEv[k]))];

        public int DegreesOfFreedom { get; } = normaliser.PreIndices.Length - 2 + normaliser.PostIndices.Length - normaliser.PostFit.GetLength(0);

        public double[] Normalised { get; } = new double[normaliser.EdgeEnergiesEv.Length];

        public double[] Work { get; } = new double[2 * normaliser.EdgeEnergiesEv.Length];
    }
}
