using System.Globalization;
using System.Text.Json;
using XrayController.Analysis.Cell;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Output;

/// <summary>
/// Reads a zoom's reconstruction (a roi scan's volume, which records where its region lies in the cell) for the
/// zoom inspection, and writes it into one folder: <c>zoom_inspection.json</c> (the levels and each kind's
/// statistics) and <c>zoom_layers.csv</c> (every measurement with its position in the cell's frame).
/// </summary>
public static class ZoomReport
{
    public static ZoomInspectionResult Inspect(string path, double? voxelSizeUm = null)
    {
        using VolumeFile volume = VolumeFile.Open(path, voxelSizeUm, "the zoom inspection");
        if (volume.Region is not { } region)
        {
            throw new InputException($"{volume.Source}: /exchange/recon records no sample_roi_centre_mm; the zoom inspection needs the volume of a roi scan, which says where its region lies in the cell");
        }

        return CellReport.AsInput(volume.Source, () => ZoomInspection.Run(volume, volume.TopZMm, (region.XMm, region.YMm, region.ZMm), region.DiameterMm / 2));
    }

    public static IReadOnlyList<string> Write(string directory, ZoomInspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string layers = Path.Combine(directory, "zoom_layers.csv");
        File.WriteAllLines(layers, [
            "kind,x_mm,y_mm,z_mm,azimuth_deg,radius_mm,size_um",
            .. result.Crossings.Select(c => Invariant($"{c.Kind},{c.XMm:0.#####},{c.YMm:0.#####},{c.ZMm:0.#####},{c.AzimuthDeg:0.###},{c.RadiusMm:0.#####},{c.SizeUm:0.##}")),
        ]);
        string json = Path.Combine(directory, "zoom_inspection.json");
        File.WriteAllText(json, JsonSerializer.Serialize(Summary(result), new JsonSerializerOptions { WriteIndented = true }));
        return [json, layers];
    }

    /// <summary>The inspection as one JSON-ready object: per kind, how many lines measured it and the median and 5–95 % range of its size (µm).</summary>
    public static Dictionary<string, object> Summary(ZoomInspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Dictionary<string, object>
        {
            ["source"] = result.Source,
            ["voxel_size_um"] = result.VoxelUm,
            ["lines"] = result.Lines,
            ["edges_per_mm"] = new Dictionary<string, object> { ["coat_contrast"] = result.CoatContrast, ["noise"] = result.NoiseEdge },
            ["measured"] = Kinds.ToDictionary(kind => kind, kind => (object)Statistics(result, kind)),
        };
    }

    public static string Text(ZoomInspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        IEnumerable<string> kinds = Kinds.Select(kind => Statistics(result, kind) is { Count: > 0 } s
            ? Invariant($"{Names[kind]} {s["median"]:0.0} µm median ({s["p5"]:0.0}…{s["p95"]:0.0}) on {s["count"]} lines")
            : $"no {Names[kind]}");
        return Invariant($"{result.Source}: {result.Lines} lines of {ZoomInspection.SlicesPerLine} slices; ") + string.Join("; ", kinds);
    }

    private static readonly string[] Kinds = ["foil", "void", "copper"];

    private static readonly Dictionary<string, string> Names = new()
    {
        ["foil"] = "dark band inside the cathode (foil, and void)",
        ["void"] = "void beside the foil",
        ["copper"] = "copper foil off its anode's middle",
    };

    private static Dictionary<string, object> Statistics(ZoomInspectionResult result, string kind)
    {
        double[] sizes = [.. result.Crossings.Where(c => c.Kind == kind).Select(c => c.SizeUm).Order()];
        return sizes.Length == 0 ? [] : new Dictionary<string, object>
        {
            ["count"] = sizes.Length,
            ["median"] = sizes[sizes.Length / 2],
            ["p5"] = sizes[(int)(0.05 * (sizes.Length - 1))],
            ["p95"] = sizes[(int)(0.95 * (sizes.Length - 1))],
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
