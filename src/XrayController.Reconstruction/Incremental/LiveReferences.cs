using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Incremental;

/// <summary>
/// Flats (or darks) as they arrive: frames with consecutive sequence numbers under the same conditions form a block,
/// summed as they come; a block is complete once any later frame has arrived. Means are formed exactly as
/// <see cref="FlatField.Mean"/> forms them, so the live and offline corrections agree to the bit.
/// </summary>
internal sealed class LiveReferences
{
    private readonly List<Block> _blocks = [];
    private long _lastSeq = long.MinValue;

    public void Add(ReadOnlySpan<float> frame, long seq, ReferenceCondition condition)
    {
        Block? last = _blocks.Count > 0 ? _blocks[^1] : null;
        if (last is null || seq != _lastSeq + 1 || !last.Condition.Matches(condition))
        {
            last = new Block(frame.Length, condition);
            _blocks.Add(last);
        }

        last.Add(frame, seq);
        _lastSeq = seq;
    }

    /// <summary>Marks every block complete: a frame of another kind has arrived after them.</summary>
    public void Seal() => _lastSeq = long.MinValue;

    public bool HasCompleteBlock(ReferenceCondition condition) => _blocks.Any(b => b.Condition.Matches(condition) && (b != _blocks[^1] || _lastSeq == long.MinValue));

    /// <summary>The complete blocks as <see cref="ReferenceBlocks"/>, for the same choice of flat as offline.</summary>
    public ReferenceBlocks Complete() =>
        new([.. _blocks.Where(b => b != _blocks[^1] || _lastSeq == long.MinValue).Select(b => b.ToReferenceBlock())]);

    private sealed class Block(int length, ReferenceCondition condition)
    {
        private readonly double[] _sum = new double[length];
        private double _seqSum;
        private int _count;
        private ReferenceBlock? _mean;

        public ReferenceCondition Condition { get; } = condition;

        public void Add(ReadOnlySpan<float> frame, long seq)
        {
            for (int i = 0; i < _sum.Length; i++)
            {
                _sum[i] += frame[i];
            }

            _seqSum += seq;
            _count++;
            _mean = null;
        }

        public ReferenceBlock ToReferenceBlock() =>
            _mean ??= new ReferenceBlock(_seqSum / _count, [.. _sum.Select(s => (float)(s / _count))], Condition);
    }
}
