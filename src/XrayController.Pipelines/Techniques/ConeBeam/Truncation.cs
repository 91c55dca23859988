using XrayController.Pipelines.Offline;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// Whether the projections are cut off by the panel: an edge value above 5 % of the largest line integral in over a
/// tenth of the detector rows of all projections. It sees every row once, whether they come all at once or in bands.
/// </summary>
internal sealed class Truncation(int columns)
{
    private readonly List<float> _edges = [];
    private float _largest;

    public bool IsTruncated
    {
        get
        {
            int cut = _edges.Count(e => e > 0.05f * _largest);
            return _largest > 0 && cut > _edges.Count / 10;
        }
    }

    /// <summary>Takes the rows of every projection in <paramref name="lineIntegrals"/> ([projection][row][column]).</summary>
    public void Add(ReadOnlySpan<float> lineIntegrals)
    {
        foreach (float value in lineIntegrals)
        {
            _largest = Math.Max(_largest, value);
        }

        for (int start = 0; start < lineIntegrals.Length; start += columns)
        {
            _edges.Add(Math.Max(lineIntegrals[start], lineIntegrals[start + columns - 1]));
        }
    }

    /// <summary>Rows a band of <see cref="Scan"/> holds within the budget (at least one).</summary>
    public static int BandRows(TomographyScan file, long budgetBytes) =>
        (int)Math.Clamp(budgetBytes / RowBytes(file), 1, file.Rows);

    /// <summary>What <see cref="Scan"/> holds a row: each row of every frame read, cropped and corrected.</summary>
    public static long RowBytes(TomographyScan file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return 3L * sizeof(float) * file.Columns * (file.Projections.Count + file.Flats.Count + file.Darks.Count);
    }

    /// <summary>Reads the whole detector in bands of <paramref name="bandRows"/> rows (a corrector of its own, so that nothing is counted twice).</summary>
    public static bool Scan(SlabCorrector corrector, int rows, int bandRows, RingRemoval ringRemoval, int columns, CancellationToken cancellationToken)
    {
        var truncation = new Truncation(columns);
        for (int first = 0; first < rows; first += bandRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            truncation.Add(corrector.LineIntegrals(first, Math.Min(bandRows, rows - first), ringRemoval));
        }

        return truncation.IsTruncated;
    }
}
