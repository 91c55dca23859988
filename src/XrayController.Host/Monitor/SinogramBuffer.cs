namespace XrayController.Host.Monitor;

/// <summary>
/// The sinogram of one detector row as projections arrive (each row binned like the projection's columns). A long scan
/// keeps every second row once the sinogram holds <see cref="MaxRows"/>, and from then on takes every second
/// projection, and so on, so its memory stays bounded.
/// </summary>
internal sealed class SinogramBuffer(int row)
{
    public const int MaxRows = 4096;

    private readonly List<float[]> _rows = [];
    private readonly List<double> _anglesDeg = [];
    private int _stride = 1;
    private int _seen;

    public int Row => row;

    public int Count => _rows.Count;

    public IReadOnlyList<double> AnglesDeg => _anglesDeg;

    public void Add(ReadOnlySpan<ushort> projection, int columns, double angleDeg)
    {
        if (_seen++ % _stride != 0)
        {
            return;
        }

        _rows.Add(MonitorImage.Binned(projection.Slice(row * columns, columns), 1, columns).Values);
        _anglesDeg.Add(angleDeg);
        if (_rows.Count < MaxRows)
        {
            return;
        }

        for (int i = 0; i < _rows.Count / 2; i++)
        {
            _rows[i] = _rows[2 * i];
            _anglesDeg[i] = _anglesDeg[2 * i];
        }

        _rows.RemoveRange(_rows.Count / 2, _rows.Count - (_rows.Count / 2));
        _anglesDeg.RemoveRange(_anglesDeg.Count / 2, _anglesDeg.Count - (_anglesDeg.Count / 2));
        _stride *= 2;
    }

    public MonitorImage Image() => MonitorImage.Stack(_rows);
}
