using System.Globalization;
using System.Text.Json;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// A cone-beam geometry for a file from another program (<c>xrayctl recon --geometry G.json</c>): <c>sod_mm</c>,
/// <c>sdd_mm</c>, <c>pixel_size_mm</c> [u, v] (at the detector), optional <c>detector_offset_px</c> [u, v] (the principal
/// point's offset from the panel's centre, default [0, 0]) and <c>angles_deg</c> (default the file's angles).
/// </summary>
public sealed record ConeGeometryFile(double SourceToObjectMm, double SourceToDetectorMm, double PixelUMm, double PixelVMm, double OffsetUPx, double OffsetVPx, IReadOnlyList<double>? AnglesDeg)
{
    private static readonly string[] Keys = ["sod_mm", "sdd_mm", "pixel_size_mm", "detector_offset_px", "angles_deg"];

    public static ConeGeometryFile Read(string path)
    {
        string name = Path.GetFileName(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InputException($"{name}: not valid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read the geometry {path}: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{name}: the geometry must be a JSON object with {string.Join(", ", Keys)}");
            }

            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!Keys.Contains(property.Name))
                {
                    throw new InputException($"{name}: unknown key '{property.Name}'; the keys are {string.Join(", ", Keys)}");
                }
            }

            double sod = Number(root, "sod_mm", name);
            double sdd = Number(root, "sdd_mm", name);
            double[] pixel = Numbers(root, "pixel_size_mm", name, 2) ?? throw new InputException($"{name}: pixel_size_mm [u, v] is required");
            double[] offset = Numbers(root, "detector_offset_px", name, 2) ?? [0, 0];
            double[]? angles = Numbers(root, "angles_deg", name, null);
            if (!(sod > 0) || !(sdd > sod))
            {
                throw new InputException(Invariant($"{name}: sdd_mm ({sdd}) must exceed sod_mm ({sod}) > 0: the detector lies beyond the sample"));
            }

            if (!(pixel[0] > 0) || !(pixel[1] > 0))
            {
                throw new InputException(Invariant($"{name}: pixel_size_mm [{pixel[0]}, {pixel[1]}] must be positive"));
            }

            return new ConeGeometryFile(sod, sdd, pixel[0], pixel[1], offset[0], offset[1], angles);
        }
    }

    private static double Number(JsonElement root, string key, string name) =>
        root.TryGetProperty(key, out JsonElement value)
            ? value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()) ? value.GetDouble() : throw new InputException($"{name}: {key} must be a number")
            : throw new InputException($"{name}: {key} is required");

    private static double[]? Numbers(JsonElement root, string key, string name, int? count)
    {
        if (!root.TryGetProperty(key, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !double.IsFinite(v.GetDouble())))
        {
            throw new InputException($"{name}: {key} must be an array of numbers");
        }

        double[] numbers = [.. value.EnumerateArray().Select(v => v.GetDouble())];
        return count is { } n && numbers.Length != n ? throw new InputException($"{name}: {key} must hold {n} numbers, not {numbers.Length}") : numbers;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
