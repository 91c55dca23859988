using System.Globalization;
using System.Text.Json;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// A cone-beam geometry for a file from another program (<c>xrayctl recon --geometry G.json</c>): <c>sod_mm</c>,
/// <c>sdd_mm</c>, <c>pixel_size_mm</c> [u, v] (at the detector), and optionally where the central ray meets the
/// detector, as <c>principal_point_px</c> [column, row] or as <c>detector_offset_px</c> [u, v] from the panel's centre
/// (default its centre), <c>angles_deg</c> (default the file's angles), and the conventions the program's data follow:
/// <c>source_rotation</c> (the sense the source turns as the angle grows, seen from +z, the rotation axis pointing up:
/// <c>counterclockwise</c>, the default, or <c>clockwise</c>), <c>columns</c> (the way column numbers grow seen from
/// the source, the axis up: <c>right</c>, the default, or <c>left</c>) and <c>rows</c> (<c>down</c>, the default, or
/// <c>up</c>), and <c>detector_tilt_deg</c>, the detector turned in its own plane about the central ray's foot,
/// counterclockwise seen from the source (its columns' axis from the horizontal towards the rotation axis). Offsets, the principal point and angles are in the program's own terms; the reconstruction turns them,
/// and the projections as they are read, into its own (<see cref="DetectorAxes"/>).
/// </summary>
public sealed record ConeGeometryFile(double SourceToObjectMm, double SourceToDetectorMm, double PixelUMm, double PixelVMm, double OffsetUPx, double OffsetVPx, IReadOnlyList<double>? AnglesDeg)
{
    private static readonly string[] Keys = ["sod_mm", "sdd_mm", "pixel_size_mm", "detector_offset_px", "principal_point_px", "angles_deg", "source_rotation", "columns", "rows", "detector_tilt_deg"];

    /// <summary>The column and row of the central ray's foot as the program counts them, when given instead of an offset.</summary>
    public (double Column, double Row)? PrincipalPointPx { get; init; }

    /// <summary>Whether the source turns clockwise, seen from +z, as the angle grows (the angles are then negated).</summary>
    public bool ClockwiseSource { get; init; }

    /// <summary>The detector's turn in its own plane, counterclockwise seen from the source, in degrees.</summary>
    public double DetectorTiltDeg { get; init; }

    /// <summary>How the program's detector is laid out against this program's (columns right, rows down).</summary>
    public DetectorAxes Axes { get; init; } = DetectorAxes.Standard;

    /// <summary>
    /// The offsets of the central ray's foot from the panel's centre, in this program's columns and rows, for a
    /// detector of <paramref name="rows"/> × <paramref name="columns"/>.
    /// </summary>
    public (double U, double V) Offsets(int rows, int columns)
    {
        (double u, double v) = PrincipalPointPx is { } point ? (point.Column - ((columns - 1) / 2.0), point.Row - ((rows - 1) / 2.0)) : (OffsetUPx, OffsetVPx);
        return (Axes.ColumnsReversed ? -u : u, Axes.RowsReversed ? -v : v);
    }

    /// <summary>The angles in this program's sense.</summary>
    public IEnumerable<double> Angles(IEnumerable<double> programAngles) => programAngles.Select(a => ClockwiseSource ? -a : a);

    /// <summary>The geometry in a JSON file.</summary>
    public static ConeGeometryFile Read(string path)
    {
        string name = Path.GetFileName(path);
        JsonDocument document = Parse(path);
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
            double[]? offset = Numbers(root, "detector_offset_px", name, 2);
            double[]? principal = Numbers(root, "principal_point_px", name, 2);
            if (offset is not null && principal is not null)
            {
                throw new InputException($"{name}: give the central ray's foot as principal_point_px or as detector_offset_px, not both");
            }

            double[]? angles = Numbers(root, "angles_deg", name, null);
            bool clockwise = Choice(root, "source_rotation", name, "counterclockwise", "clockwise");
            bool left = Choice(root, "columns", name, "right", "left");
            bool up = Choice(root, "rows", name, "down", "up");
            double tilt = root.TryGetProperty("detector_tilt_deg", out _) ? Number(root, "detector_tilt_deg", name) : 0;
            if (Math.Abs(tilt) >= 45)
            {
                throw new InputException(Invariant($"{name}: detector_tilt_deg {tilt} must lie within ±45° (a larger turn is a detector read sideways: state its columns and rows instead)"));
            }
            if (!(sod > 0) || !(sdd > sod))
            {
                throw new InputException(Invariant($"{name}: sdd_mm ({sdd}) must exceed sod_mm ({sod}) > 0: the detector lies beyond the sample"));
            }

            if (!(pixel[0] > 0) || !(pixel[1] > 0))
            {
                throw new InputException(Invariant($"{name}: pixel_size_mm [{pixel[0]}, {pixel[1]}] must be positive"));
            }

            return new ConeGeometryFile(sod, sdd, pixel[0], pixel[1], offset?[0] ?? 0, offset?[1] ?? 0, angles)
            {
                PrincipalPointPx = principal is null ? null : (principal[0], principal[1]),
                ClockwiseSource = clockwise,
                Axes = new DetectorAxes(left, up),
                DetectorTiltDeg = tilt,
            };
        }
    }

    /// <summary>The JSON document in <paramref name="path"/>; one line naming the file and the place when it is not valid JSON.</summary>
    internal static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InputException($"{Path.GetFileName(path)}: not valid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read the geometry {path}: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="key"/> names the other of its two values (absent: the usual one).</summary>
    private static bool Choice(JsonElement root, string key, string name, string usual, string other)
    {
        if (!root.TryGetProperty(key, out JsonElement value))
        {
            return false;
        }

        string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return text == usual || text == other ? text == other : throw new InputException($"{name}: {key} must be \"{usual}\" or \"{other}\"");
    }

    private static double Number(JsonElement root, string key, string name) =>
        root.TryGetProperty(key, out JsonElement value)
            ? value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()) ? value.GetDouble() : throw new InputException($"{name}: {key} must be a number")
            : throw new InputException($"{name}: {key} is required");

    internal static double[]? Numbers(JsonElement root, string key, string name, int? count)
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
