using System.Globalization;

namespace XrayController.Simulators.Physics;

/// <summary>
/// A table of numbers embedded in this assembly as CSV — a comment line naming its source, a header line, rows of
/// numbers — and linear interpolation in its first column, as the cross-section and refractive-index tables use it.
/// </summary>
internal sealed class EmbeddedTable
{
    private EmbeddedTable(string comment, string[] header, double[][] rows)
    {
        Comment = comment;
        Header = header;
        Rows = rows;
    }

    public string Comment { get; }

    public string[] Header { get; }

    public double[][] Rows { get; }

    public double[] Column(int index) => [.. Rows.Select(r => r[index])];

    public static EmbeddedTable Load(string resource, string what)
    {
        using Stream stream = typeof(EmbeddedTable).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the {what} is not embedded");
        using var reader = new StreamReader(stream);
        string comment = reader.ReadLine() ?? string.Empty;
        string[] header = (reader.ReadLine() ?? string.Empty).Split(',');
        var rows = new List<double[]>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            rows.Add([.. line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))]);
        }

        return new EmbeddedTable(comment, header, [.. rows]);
    }

    /// <summary>The value of <paramref name="values"/> at <paramref name="x"/>, linear between the ascending <paramref name="xs"/> it lies between.</summary>
    public static double Interpolate(double[] xs, double[] values, double x)
    {
        int i = Array.BinarySearch(xs, x);
        if (i >= 0)
        {
            return values[i];
        }

        int upper = Math.Clamp(~i, 1, xs.Length - 1);
        double f = (x - xs[upper - 1]) / (xs[upper] - xs[upper - 1]);
        return values[upper - 1] + (f * (values[upper] - values[upper - 1]));
    }
}
