using System.Globalization;

namespace XrayController.Core.Plans;

/// <summary>
/// A cell inspection's <c>defects.csv</c> as a plan reads it to zoom into one defect: one row per defect, its centre
/// (<c>x_mm</c>, <c>y_mm</c>, <c>z_mm</c>) in the cell's frame. The header is the one the inspection writes.
/// </summary>
public static class DefectList
{
    public const string Header = "kind,turn,from_z_mm,to_z_mm,from_azimuth_deg,to_azimuth_deg,radius_mm,x_mm,y_mm,z_mm,size_um,crossings";

    private static readonly string[] Columns = Header.Split(',');

    /// <summary>
    /// The kind and centre of defect <paramref name="index"/> (0 the first row after the header), or why not: the file
    /// missing, not a defect list, or a row that does not read, or the index past its rows
    /// (<see cref="DefectListError.AboutIndex"/>).
    /// </summary>
    public static (string Kind, double XMm, double YMm, double ZMm)? Read(string path, int index, out DefectListError? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = new DefectListError(false, $"cannot read '{path}': {e.Message}");
            return null;
        }

        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            error = new DefectListError(false, $"'{path}' is not a cell inspection's defects.csv (its first line should be '{Header}')");
            return null;
        }

        string[] rows = [.. lines.Skip(1).Where(l => l.Trim().Length > 0)];
        if (index < 0 || index >= rows.Length)
        {
            error = new DefectListError(true, rows.Length == 0 ? $"{index} is past the list: '{path}' lists no defects" : $"{index} is past the list: '{path}' lists {rows.Length} defect{(rows.Length == 1 ? string.Empty : "s")} (indices 0 to {rows.Length - 1})");
            return null;
        }

        string[] fields = rows[index].Split(',');
        if (fields.Length != Columns.Length
            || !double.TryParse(fields[Array.IndexOf(Columns, "x_mm")], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            || !double.TryParse(fields[Array.IndexOf(Columns, "y_mm")], NumberStyles.Float, CultureInfo.InvariantCulture, out double y)
            || !double.TryParse(fields[Array.IndexOf(Columns, "z_mm")], NumberStyles.Float, CultureInfo.InvariantCulture, out double z)
            || !double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
        {
            error = new DefectListError(false, $"'{path}' line {index + 2} does not give a defect's position: '{rows[index]}'");
            return null;
        }

        error = null;
        return (fields[0], x, y, z);
    }
}

/// <summary>Why a defect could not be read from a list: about the index (past the rows) or about the file, and what.</summary>
public sealed record DefectListError(bool AboutIndex, string Message)
{
    public string Key => AboutIndex ? "index" : "from";
}
