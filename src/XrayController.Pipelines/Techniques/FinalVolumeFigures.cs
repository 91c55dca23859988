using System.Text.Json;
using XrayController.Analysis;
using XrayController.Analysis.Output;

namespace XrayController.Pipelines.Techniques;

/// <summary>The orthoslices of a technique's final volume (<see cref="VolumeFigures"/>), written beside it into <c>FILE_figures/</c>, and their part of the summary.</summary>
public static class FinalVolumeFigures
{
    public static IReadOnlyList<string> Write(string volume) => VolumeFigures.Write(volume, Folder(volume));

    /// <summary>
    /// The orthoslices of one volume of the file <paramref name="file"/> holds (one energy of a spectral stack), centred on
    /// the rotation axis and on z = 0 as a spectral reconstruction is, into the file's figures folder.
    /// </summary>
    public static IReadOnlyList<string> Write(IVolume volume, double voxelUm, string file)
    {
        ArgumentNullException.ThrowIfNull(volume);
        double voxelMm = voxelUm / 1000;
        return VolumeFigures.Write(volume, new VolumeFigures.SliceFrame(voxelMm, (volume.Shape.Depth - 1) / 2.0 * voxelMm, 0, 0), Folder(file));
    }

    public static string Folder(string volume) => Path.Combine(Path.GetDirectoryName(volume) ?? ".", Path.GetFileNameWithoutExtension(volume) + "_figures");

    /// <summary>The summary's line for the figures (empty when there are none).</summary>
    public static string Describe(IReadOnlyList<string> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return figures.Count == 0 ? string.Empty : $"{Environment.NewLine}orthoslices in µm (PNG and SVG) -> {Path.GetDirectoryName(figures[0])}";
    }

    /// <summary>Writes <c>figures</c>, the paths written, into the open object.</summary>
    public static void WriteJson(Utf8JsonWriter json, IReadOnlyList<string> figures)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(figures);
        json.WriteStartArray("figures");
        foreach (string figure in figures)
        {
            json.WriteStringValue(figure);
        }

        json.WriteEndArray();
    }
}
