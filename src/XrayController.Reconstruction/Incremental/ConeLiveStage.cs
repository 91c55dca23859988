using XrayController.Core.Plans;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Incremental;

/// <summary>
/// Live FDK of a cone-beam series: takes each corrected projection from the <see cref="IncrementalReconstructor"/>
/// (holding it back from the parallel-beam path), and every <see cref="Batch"/> projections weights, filters and
/// back-projects them into the current tile's volume with the offline kernels (<see cref="Fdk"/>), weighted as in
/// the whole scan of <see cref="Scan"/>'s angles. A new tile starts a new volume. The tile's volume is kept whole when
/// it fits the memory budget (<paramref name="wholeTile"/>), else only the three orthogonal slices through its middle
/// (as tomostream does): the same values there, bit for bit, at the cost of a slice and two vertical planes.
/// </summary>
public sealed class ConeLiveStage(ConeGeometry scan, ConeGrid grid, ReconstructionFilter filter, bool wholeTile) : IProjectionStage
{
    public const int Batch = 8;

    private readonly float[] _pending = new float[Batch * scan.Rows * scan.Columns];
    private readonly List<int> _pendingAngles = new(Batch);
    private readonly float _scale = Fdk.Scale(scan);
    private float[] _volume = new float[wholeTile ? grid.Slices * grid.Size * grid.Size : 0];
    private float[] _axial = new float[wholeTile ? 0 : grid.Size * grid.Size];
    private float[] _atY = new float[wholeTile ? 0 : grid.Slices * grid.Size];
    private float[] _atX = new float[wholeTile ? 0 : grid.Slices * grid.Size];

    public ConeGeometry Scan { get; } = scan;

    public ConeGrid Grid { get; } = grid;

    /// <summary>Whether the tile's whole volume is kept (else its three orthogonal slices).</summary>
    public bool WholeTile { get; } = wholeTile;

    /// <summary>Projections back-projected so far, in every tile.</summary>
    public int ProjectionsAdded { get; private set; }

    /// <summary>Projections back-projected into the current tile's volume.</summary>
    public int InTile { get; private set; }

    /// <summary>The tile being reconstructed (the last projection's), or −1 before the first.</summary>
    public int Tile { get; private set; } = -1;

    public bool Apply(float[] lineIntegrals, double angleDeg, ReferenceCondition condition)
    {
        ArgumentNullException.ThrowIfNull(lineIntegrals);
        if (condition.TileIndex != Tile)
        {
            Flush();
            if (Tile >= 0)
            {
                (_volume, _axial, _atY, _atX) = (new float[_volume.Length], new float[_axial.Length], new float[_atY.Length], new float[_atX.Length]);
            }

            Tile = condition.TileIndex;
            InTile = 0;
        }

        int frame = Scan.Rows * Scan.Columns;
        Scan.Widen(lineIntegrals, 1, Scan.Rows).AsSpan(0, frame).CopyTo(_pending.AsSpan(_pendingAngles.Count * frame, frame));
        _pendingAngles.Add(NearestAngle(angleDeg));
        if (_pendingAngles.Count == Batch)
        {
            Flush();
        }

        return false;
    }

    /// <summary>Back-projects the projections waiting for a full batch.</summary>
    public void Flush()
    {
        if (_pendingAngles.Count == 0)
        {
            return;
        }

        int frame = Scan.Rows * Scan.Columns;
        float[] batch = _pending.AsSpan(0, _pendingAngles.Count * frame).ToArray();
        float[] filtered = Fdk.WeightAndFilter(batch, Scan, _pendingAngles, filter);
        ConeGeometry batchGeometry = Scan.Subset(_pendingAngles);
        if (WholeTile)
        {
            FdkBackprojector.Backproject(filtered, batchGeometry, Grid, _scale, into: _volume);
        }
        else
        {
            FdkBackprojector.Backproject(filtered, batchGeometry, DetectorBand.Whole(batchGeometry), Grid, Grid.Slices / 2, 1, _scale, into: _axial);
            FdkBackprojector.BackprojectPlanes(filtered, batchGeometry, Grid, Grid.Size / 2, Grid.Size / 2, _scale, _atY, _atX);
        }

        ProjectionsAdded += _pendingAngles.Count;
        InTile += _pendingAngles.Count;
        _pendingAngles.Clear();
    }

    /// <summary>
    /// Three orthogonal slices through the current tile's volume (through its middle), scaled as if the projections so
    /// far were the whole scan, so that they look right mid-scan.
    /// </summary>
    public PreviewSlices Preview()
    {
        Flush();
        int n = Grid.Size;
        int slices = Grid.Slices;
        int z = slices / 2;
        int y = n / 2;
        int x = n / 2;
        float factor = InTile == 0 ? 0 : (float)Scan.AnglesDeg.Count / InTile;
        if (!WholeTile)
        {
            return new PreviewSlices(z, y, x, n, slices, Scaled(_axial, factor), Scaled(_atY, factor), Scaled(_atX, factor), InTile);
        }

        float[] axial = Scaled(_volume.AsSpan(z * n * n, n * n), factor);
        var atY = new float[slices * n];
        var atX = new float[slices * n];
        for (int k = 0; k < slices; k++)
        {
            for (int j = 0; j < n; j++)
            {
                atY[(k * n) + j] = _volume[(((k * n) + y) * n) + j] * factor;
                atX[(k * n) + j] = _volume[(((k * n) + j) * n) + x] * factor;
            }
        }

        return new PreviewSlices(z, y, x, n, slices, axial, atY, atX, InTile);
    }

    private static float[] Scaled(ReadOnlySpan<float> values, float factor)
    {
        var scaled = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            scaled[i] = values[i] * factor;
        }

        return scaled;
    }

    private int NearestAngle(double angleDeg)
    {
        int best = 0;
        for (int i = 1; i < Scan.AnglesDeg.Count; i++)
        {
            if (Math.Abs(Scan.AnglesDeg[i] - angleDeg) < Math.Abs(Scan.AnglesDeg[best] - angleDeg))
            {
                best = i;
            }
        }

        return best;
    }
}
