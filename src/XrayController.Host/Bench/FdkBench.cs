using XrayController.Core.Plans;
using XrayController.Reconstruction.Cone;

namespace XrayController.Host.Bench;

/// <summary>Median times of FDK's stages on synthetic projections, and the back-projection's rate.</summary>
/// <param name="Gups">Voxel updates (voxels × projections) per second of the back-projection, in 10⁹.</param>
public sealed record FdkFigures(int Size, int Projections, int Threads, double FilterS, double BackprojectS, double Gups);

/// <summary>
/// Times FDK on a detector of N × N pixels and an N³ volume at the lab instrument's magnification (4.9): weighting and
/// filtering, then the voxel-driven back-projection, on one thread and on every core. The projections are smooth
/// random values: the cost does not depend on them.
/// </summary>
public static class FdkBench
{
    public static IReadOnlyList<FdkFigures> Run(int size, int projections, int repeats)
    {
        double[] angles = [.. Enumerable.Range(0, projections).Select(k => 360.0 * k / projections)];
        var geometry = new ConeGeometry(size, size, 100, 490, 0.0495, 0.0495, 0, 0, angles);
        var random = new Random(4801);
        float[] data = [.. Enumerable.Range(0, projections * size * size).Select(_ => (float)random.NextDouble())];
        var grid = new ConeGrid(size, size, geometry.VoxelMm);
        var figures = new List<FdkFigures>();
        foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            float[]? filtered = null;
            double filter = BenchTiming.MedianSeconds(repeats, () => filtered = Fdk.WeightAndFilter(data, geometry, ReconstructionFilter.SheppLogan, threads));
            double backproject = BenchTiming.MedianSeconds(repeats, () => FdkBackprojector.Backproject(filtered!, geometry, grid, 1, threads));
            figures.Add(new FdkFigures(size, projections, threads, filter, backproject, (double)size * size * size * projections / backproject / 1e9));
        }

        return figures;
    }
}
