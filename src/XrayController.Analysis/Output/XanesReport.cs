using System.Globalization;
using XrayController.Analysis.Xanes;

namespace XrayController.Analysis.Output;

/// <summary>Writes everything the XANES analysis produced into one folder: <c>xanes.h5</c>, the CSV tables and the figures.</summary>
public static class XanesReport
{
    public static IReadOnlyList<string> Write(string directory, XanesResult result, string softwareVersion)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, "xanes.h5");
        XanesFileWriter.Write(file, result, softwareVersion);
        XanesTablesCsv.Write(directory, result);
        return
        [
            file,
            .. new[] { "fragments.csv", "grains.csv", "particles.csv" }.Select(name => Path.Combine(directory, name)),
            .. XanesPlots.Write(directory, result),
        ];
    }

    /// <summary>A few lines for the terminal: what was found, what was masked and why.</summary>
    public static string Summary(XanesResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        int material = result.Segmentation.Material.Count(m => m);
        int edge = result.EdgeMask.Count(m => m);
        double[] edges = [.. result.EdgeEv.Where(float.IsFinite).Select(e => (double)e)];
        string range = edges.Length == 0 ? "no voxel has a valid edge" : $"edge energy {edges.Min():F2}–{edges.Max():F2} eV, mean {edges.Average():F2} eV";
        var damage = result.Particles.GroupBy(p => p.DamageClass).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        return string.Create(CultureInfo.InvariantCulture, $"""
            {result.Stack.Source}: {result.Stack.EnergiesEv.Count} energies {result.Stack.EnergiesEv[0]:F1}–{result.Stack.EnergiesEv[^1]:F1} eV, volume {result.Stack.Shape}, voxel {result.Stack.VoxelSizeUm:G4} µm; E0 {result.Normaliser.E0Ev:F2} eV
            material {material} voxels (ISO-50 threshold {result.Segmentation.Threshold:G4}); edge map {edge} voxels; masked {result.SmallStepVoxels} with edge jump < {result.MinStep:G3}, {result.NoEdgeVoxels} with no half-height crossing, {result.NonFiniteVoxels} with NaN/inf values
            {range}
            {result.Particles.Length} particles ({string.Join(", ", damage)}), {result.Fragments.Length} fragments, {result.Grains.Length} grains
            """);
    }
}
