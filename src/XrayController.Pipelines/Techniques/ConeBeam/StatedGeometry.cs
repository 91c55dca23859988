using System.Text.Json;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// What <c>xrayctl recon FILE --geometry G</c> reads: a folder of plastimatch projection matrices
/// (<see cref="PlastimatchMatrices"/>), an RTK geometry XML file (<see cref="RtkGeometry"/>), a JSON file that names
/// one with the images' pixel pitch and first pixel's position (<c>{"rtk_geometry": "geometry.xml",
/// "pixel_size_mm": [u, v], "detector_origin_mm": [u, v]}</c>, the path relative to the JSON file, the last two
/// optional), or a JSON geometry of parameters (<see cref="ConeGeometryFile"/>).
/// </summary>
public static class StatedGeometry
{
    private static readonly string[] RtkKeys = ["rtk_geometry", "pixel_size_mm", "detector_origin_mm"];

    /// <summary>The request with the geometry <paramref name="path"/> states.</summary>
    public static ReconstructionRequest WithConeGeometry(this ReconstructionRequest request, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return request with { ConeMatrices = PlastimatchMatrices.Read(path) };
        }

        if (!File.Exists(path))
        {
            throw new InputException($"--geometry {path}: no such file or folder");
        }

        return path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? request with { ConeMatrices = RtkGeometry.Read(path) }
            : NamedRtk(path) is { } matrices ? request with { ConeMatrices = matrices }
            : request with { ConeGeometry = ConeGeometryFile.Read(path) };
    }

    /// <summary>The RTK geometry a JSON file names with its images' pixels, or null when it names none.</summary>
    private static StatedMatrices? NamedRtk(string path)
    {
        string name = Path.GetFileName(path);
        using JsonDocument document = ConeGeometryFile.Parse(path);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rtk_geometry", out JsonElement xml))
        {
            return null;
        }

        foreach (JsonProperty property in root.EnumerateObject().Where(p => !RtkKeys.Contains(p.Name)))
        {
            throw new InputException($"{name}: '{property.Name}' does not go with rtk_geometry, whose geometry is the XML file's; the keys are {string.Join(", ", RtkKeys)}");
        }

        string file = xml.ValueKind == JsonValueKind.String ? xml.GetString()! : throw new InputException($"{name}: rtk_geometry must be the path of an RTK geometry XML file");
        double[]? spacing = ConeGeometryFile.Numbers(root, "pixel_size_mm", name, 2);
        if (spacing is not null && !spacing.All(v => v > 0))
        {
            throw new InputException($"{name}: pixel_size_mm must be positive");
        }

        return RtkGeometry.Read(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, file), spacing, ConeGeometryFile.Numbers(root, "detector_origin_mm", name, 2));
    }
}
