using XrayController.Core.Plans;
using XrayController.Reconstruction;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Filtering;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Host.Bench;

/// <summary>One measured stage: median wall time and giga-updates per second (N² · P · slices / time / 10⁹).</summary>
public sealed record StageFigure(string Stage, int Threads, double Seconds, double Gups);

/// <summary>
/// Times the reconstruction stages on N × N slices from P projections: filtering, back-projection, the whole pipeline
/// (each with one thread and with every core), and the live reconstruction (projections per second into three preview
/// slices). The data are seeded random line integrals: the work does not depend on their values.
/// </summary>
public static class ReconstructionBench
{
    public static (IReadOnlyList<StageFigure> Stages, double LiveProjectionsPerS) Run(int size, int angles, int slices, int repeats)
    {
        var random = new Random(20261124);
        float[] lineIntegrals = [.. Enumerable.Range(0, angles * slices * size).Select(_ => (float)random.NextDouble())];
        double[] anglesDeg = [.. Enumerable.Range(0, angles).Select(i => i * 180.0 / angles)];
        var geometry = new ParallelGeometry(size, size / 2, anglesDeg, double.NaN);
        var grid = new ReconstructionGrid(size);
        RampFilter filter = RampFilter.Create(size, ReconstructionFilter.SheppLogan);
        double updates = (double)size * size * angles * slices;
        var stages = new List<StageFigure>();
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            double filterS = BenchTiming.MedianSeconds(repeats, () => ParallelFbp.FilterAndInterleave((float[])lineIntegrals.Clone(), angles, slices, size, filter, threads));
            float[] filtered = ParallelFbp.FilterAndInterleave((float[])lineIntegrals.Clone(), angles, slices, size, filter, threads);
            double backprojectS = BenchTiming.MedianSeconds(repeats, () =>
                SlabBackprojector.Backproject(filtered, size, slices, geometry.Cosines(), geometry.Sines(), size / 2f, grid, new float[size * size * slices], maxThreads: threads));
            double wholeS = BenchTiming.MedianSeconds(repeats, () => ParallelFbp.Reconstruct((float[])lineIntegrals.Clone(), slices, geometry, ReconstructionFilter.SheppLogan, grid, threads));
            stages.Add(new StageFigure("filter", threads, filterS, updates / filterS / 1e9));
            stages.Add(new StageFigure("backproject", threads, backprojectS, updates / backprojectS / 1e9));
            stages.Add(new StageFigure("pipeline", threads, wholeS, updates / wholeS / 1e9));
        }

        return (stages, LiveRate(size, anglesDeg, random));
    }

    /// <summary>Projections per second through the live reconstruction keeping three preview slices of an N-row detector.</summary>
    private static double LiveRate(int size, double[] anglesDeg, Random random)
    {
        var live = new IncrementalReconstructor(new LiveGeometry(size, size, size / 2, double.NaN, anglesDeg.Length, ReconstructionFilter.SheppLogan, FullVolume: false), new CorrectionSettings(FlatMode.Preceding, ZingerRemoval: false));
        var condition = new ReferenceCondition(double.NaN, 0, 0);
        float[] flat = [.. Enumerable.Repeat(10000f, size * size)];
        live.AddFlat(flat, 0, condition);
        float[][] frames = [.. Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, size * size).Select(_ => (float)(2000 + (6000 * random.NextDouble()))).ToArray())];
        int count = Math.Min(anglesDeg.Length, 200);
        return count / BenchTiming.MedianSeconds(1, () =>
        {
            for (int i = 0; i < count; i++)
            {
                live.AddProjection([.. frames[i % frames.Length]], anglesDeg[i], i + 1, condition);
            }
        });
    }
}
