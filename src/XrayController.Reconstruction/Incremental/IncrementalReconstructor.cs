using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Filtering;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Incremental;

/// <summary>
/// Reconstructs while a scan runs, one projection at a time: correct it with the flats and darks that came before it,
/// filter every row, and add it to three preview slices and (when enabled) the whole volume, with the same kernel and
/// arithmetic as <see cref="ParallelFbp"/>. Projections that arrive before any flats wait until a block of flats is
/// complete. With projection-local settings, the volume after the last projection equals the offline reconstruction of
/// the same data. Not thread-safe: one consumer feeds it.
/// </summary>
public sealed class IncrementalReconstructor
{
    private readonly LiveGeometry _geometry;
    private readonly CorrectionSettings _settings;
    private readonly ReconstructionGrid _grid;
    private readonly RowFilter _filter;
    private readonly LiveReferences _flats = new();
    private readonly LiveReferences _darks = new();
    private readonly Queue<(float[] Raw, double AngleDeg, long Seq, ReferenceCondition Condition)> _waiting = new();
    private readonly float[] _lineIntegrals;
    private readonly float[] _interleaved;
    private readonly float[]? _volume;
    private readonly PreviewAccumulator _preview;

    public IncrementalReconstructor(LiveGeometry geometry, CorrectionSettings settings, (int Z, int Y, int X)? previewAt = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _geometry = geometry;
        _settings = settings;
        _grid = new ReconstructionGrid(geometry.Columns);
        _filter = new RowFilter(RampFilter.Create(geometry.Columns, geometry.Filter));
        _lineIntegrals = new float[geometry.Rows * geometry.Columns];
        _interleaved = new float[geometry.Rows * geometry.Columns];
        _volume = geometry.FullVolume ? new float[_grid.Size * _grid.Size * geometry.Rows] : null;
        (int z, int y, int x) = previewAt ?? (geometry.Rows / 2, _grid.Size / 2, _grid.Size / 2);
        _preview = new PreviewAccumulator(_grid, geometry.Rows, z, y, x);
    }

    /// <summary>
    /// M_ref / M of the projections this reconstructor takes (1: no rescaling): corrected projections are rescaled about
    /// the optical axis onto the reference magnification before filtering, as the offline spectral reconstruction does.
    /// </summary>
    public double MagnificationScale { get; init; } = 1;

    /// <summary>A step after correction and before filtering (live phase retrieval), or null; projections it holds back are not counted.</summary>
    public IProjectionStage? Stage { get; init; }

    public int ProjectionsAdded { get; private set; }

    public int Waiting => _waiting.Count;

    public CorrectionCounts Counts { get; private set; }

    public void AddDark(float[] raw, long seq, ReferenceCondition condition)
    {
        _flats.Seal();
        _darks.Add(raw, seq, condition);
    }

    public void AddFlat(float[] raw, long seq, ReferenceCondition condition)
    {
        _darks.Seal();
        if (_settings.ZingerRemoval)
        {
            Counts += new CorrectionCounts(0, ZingerRemoval.Remove(raw, _geometry.Rows, _geometry.Columns));
        }

        _flats.Add(raw, seq, condition);
    }

    /// <summary>Adds a projection (raw counts, whole frame), or keeps it until flats for its conditions are complete.</summary>
    public void AddProjection(float[] raw, double angleDeg, long seq, ReferenceCondition condition)
    {
        ArgumentNullException.ThrowIfNull(raw);
        _flats.Seal();
        _darks.Seal();
        _waiting.Enqueue((raw, angleDeg, seq, condition));
        while (_waiting.Count > 0 && _flats.HasCompleteBlock(_waiting.Peek().Condition))
        {
            (float[] waitingRaw, double waitingAngle, long waitingSeq, ReferenceCondition waitingCondition) = _waiting.Dequeue();
            Process(waitingRaw, waitingAngle, waitingSeq, waitingCondition);
        }
    }

    /// <summary>The previews scaled as if the projections so far were all there are (so they look right mid-scan).</summary>
    public PreviewSlices Preview() => _volume is null
        ? _preview.Snapshot(Scale(Math.Max(1, ProjectionsAdded)), ProjectionsAdded)
        : _preview.FromVolume(_volume, Scale(Math.Max(1, ProjectionsAdded)), ProjectionsAdded);

    /// <summary>Moves the preview slices. With the whole volume kept they are cut from it at once; otherwise they restart from the next projection.</summary>
    public void MovePreview(int z, int y, int x) => _preview.MoveTo(z, y, x, _volume is null);

    /// <summary>The volume [slice][row][column] in μ units, scaled for <paramref name="projections"/> projections in all (the offline scale).</summary>
    public float[] Volume(int projections) =>
        ParallelFbp.ToSliceMajor(_volume ?? throw new InvalidOperationException("the whole volume is not being kept"), _grid.Size, _geometry.Rows, Scale(projections));

    private float Scale(int projections) => ParallelGeometry.ScaleFor(projections, _geometry.PixelSizeMm);

    private void Process(float[] raw, double angleDeg, long seq, ReferenceCondition condition)
    {
        ReferenceBlocks darks = _darks.Complete();
        Counts += ProjectionCorrection.Correct(raw, _geometry.Rows, _geometry.Columns, seq, condition, _flats.Complete(), darks.Blocks.Count > 0 ? darks : null, _settings, _lineIntegrals);
        if (MagnificationScale != 1)
        {
            Magnification.Rescale(_lineIntegrals, _geometry.Rows, _geometry.Columns, MagnificationScale).CopyTo(_lineIntegrals, 0);
        }

        if (Stage is not null && !Stage.Apply(_lineIntegrals, angleDeg, condition))
        {
            return;
        }

        _filter.FilterRows(_lineIntegrals, _geometry.Columns);
        ParallelFbp.Interleave(_lineIntegrals, _geometry.Columns, _geometry.Rows, _interleaved);
        float cos = (float)Math.Cos(angleDeg * Math.PI / 180);
        float sin = (float)Math.Sin(angleDeg * Math.PI / 180);
        float center = (float)_geometry.CenterPx;
        _preview.Add(_lineIntegrals, _interleaved, _geometry.Columns, cos, sin, center);
        if (_volume is not null)
        {
            AddToVolume(cos, sin, center);
        }

        ProjectionsAdded++;
    }

    private void AddToVolume(float cos, float sin, float center)
    {
        int n = _grid.Size;
        int rows = _geometry.Rows;
        float[] volume = _volume!;
        Parallel.For(0, n, row =>
        {
            Span<float> xs = stackalloc float[n];
            Span<float> ys = stackalloc float[n];
            for (int j = 0; j < n; j++)
            {
                xs[j] = _grid.X(j);
            }

            ys.Fill(_grid.Y(row));
            BackprojectionKernel.Accumulate(_interleaved, _geometry.Columns, rows, cos, sin, center, xs, ys, volume.AsSpan(row * n * rows, n * rows));
        });
    }
}
