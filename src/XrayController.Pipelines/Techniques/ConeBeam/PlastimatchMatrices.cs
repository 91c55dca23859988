using System.Globalization;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// plastimatch's projection-matrix files (what <c>plastimatch drr</c> writes beside each image and <c>plastimatch fdk</c>
/// reads), one per projection in the order of their names: the image centre (ic), the 3 × 4 matrix P with
/// column = ic₀ + P₀·X / P₂·X and row = ic₁ + P₁·X / P₂·X, X in mm in plastimatch's frame (this program's: z the
/// rotation axis), then the source-to-axis and source-to-image distances. Read as <see cref="StatedMatrices"/> in
/// plastimatch's pixels (the centre folded in), which the reconstruction takes as they are.
/// </summary>
public static class PlastimatchMatrices
{
    /// <summary>The matrices of the <c>*.txt</c> files in <paramref name="folder"/>.</summary>
    public static StatedMatrices Read(string folder)
    {
        string[] files = [.. Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal)];
        if (files.Length < 2)
        {
            throw new InputException($"{folder}: a folder of plastimatch projection matrices holds one .txt file per projection; found {files.Length}");
        }

        (double[] Values, double SourceToImageMm)[] read = [.. files.Select(Parse)];
        return new StatedMatrices([.. read.Select(r => r.Values)], read[0].SourceToImageMm);
    }

    /// <summary>One file: its matrix with the image centre folded in, and its source-to-image distance.</summary>
    private static (double[] Values, double SourceToImageMm) Parse(string path)
    {
        string name = Path.GetFileName(path);
        double[][] lines = [.. File.ReadLines(path).Take(6).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : double.NaN).ToArray())];
        int[] counts = [2, 4, 4, 4, 1, 1];
        if (lines.Length < counts.Length || lines.Zip(counts).Any(l => l.First.Length != l.Second || l.First.Any(double.IsNaN)))
        {
            throw new InputException($"{name}: not a plastimatch projection matrix (the image centre, three rows of four numbers, the source-to-axis and source-to-image distances)");
        }

        (double[] centre, double[] p0, double[] p1, double[] p2) = (lines[0], lines[1], lines[2], lines[3]);
        double[] values = [.. p0.Select((v, i) => v + (centre[0] * p2[i])), .. p1.Select((v, i) => v + (centre[1] * p2[i])), .. p2];
        double sid = lines[5][0];
        return sid > 0 ? (values, sid) : throw new InputException(Invariant($"{name}: the source-to-image distance {sid:G6} mm must be positive"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
