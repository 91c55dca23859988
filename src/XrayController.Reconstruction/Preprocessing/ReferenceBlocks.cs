namespace XrayController.Reconstruction.Preprocessing;

/// <summary>A set of flats (or darks) taken together: their mean image and where they sit in the frame sequence.</summary>
public sealed record ReferenceBlock(double MeanSeq, float[] Mean, ReferenceCondition Condition);

/// <summary>The conditions a reference set belongs to: it only corrects projections taken under the same ones.</summary>
public readonly record struct ReferenceCondition(double EnergyEv, int DistanceIndex, int TileIndex)
{
    public bool Matches(ReferenceCondition other) =>
        DistanceIndex == other.DistanceIndex && TileIndex == other.TileIndex && (EnergyEv.Equals(other.EnergyEv) || (double.IsNaN(EnergyEv) && double.IsNaN(other.EnergyEv)));
}

public enum FlatMode
{
    /// <summary>Each projection uses the last set taken before it (projection-local: the live reconstruction can do it).</summary>
    Preceding,

    /// <summary>Each projection uses the sets before and after it, weighted by frame position (needs the whole scan).</summary>
    Interpolated,
}

/// <summary>Chooses the reference image for each projection from the blocks of one kind (flats or darks).</summary>
public sealed class ReferenceBlocks(IReadOnlyList<ReferenceBlock> blocks)
{
    public IReadOnlyList<ReferenceBlock> Blocks { get; } = blocks;

    /// <summary>
    /// Groups frames into blocks: consecutive frames (sequence numbers one apart, or unknown) under the same conditions
    /// form one block, averaged. Frames of unknown position all go into one block per condition, placed before every
    /// projection.
    /// </summary>
    public static ReferenceBlocks Build(IReadOnlyList<(double Seq, ReferenceCondition Condition, ReadOnlyMemory<float> Frame)> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var blocks = new List<ReferenceBlock>();
        int start = 0;
        for (int i = 1; i <= frames.Count; i++)
        {
            bool sameBlock = i < frames.Count
                && frames[i].Condition.Matches(frames[i - 1].Condition)
                && (double.IsNaN(frames[i].Seq) || frames[i].Seq == frames[i - 1].Seq + 1);
            if (!sameBlock)
            {
                var members = frames.Skip(start).Take(i - start).ToList();
                double meanSeq = members.Average(m => m.Seq);
                blocks.Add(new ReferenceBlock(double.IsNaN(meanSeq) ? double.NegativeInfinity : meanSeq, FlatField.Mean([.. members.Select(m => m.Frame)]), members[0].Condition));
                start = i;
            }
        }

        return new ReferenceBlocks(blocks);
    }

    /// <summary>
    /// The last block taken before <paramref name="seq"/> (or, if none, the first after it) whatever its conditions: for
    /// darks, which the beam's energy, the propagation distance and the tile do not change.
    /// </summary>
    public float[] Latest(double seq)
    {
        double at = double.IsNaN(seq) ? double.PositiveInfinity : seq;
        ReferenceBlock[] ordered = [.. Blocks.OrderBy(b => b.MeanSeq)];
        return (ordered.LastOrDefault(b => b.MeanSeq <= at) ?? ordered[0]).Mean;
    }

    /// <summary>
    /// The reference for a projection at <paramref name="seq"/>: the block before it (or, if none, the first after it);
    /// interpolated linearly in frame position between the blocks around it when asked and when both exist. A projection
    /// of unknown position (NaN) takes the last block.
    /// </summary>
    public float[] For(double seq, ReferenceCondition condition, FlatMode mode)
    {
        if (double.IsNaN(seq))
        {
            seq = double.PositiveInfinity;
        }

        ReferenceBlock[] matching = [.. Blocks.Where(b => b.Condition.Matches(condition)).OrderBy(b => b.MeanSeq)];
        if (matching.Length == 0)
        {
            throw new InvalidDataException($"no reference frames were taken under the conditions of frame {seq} (energy {condition.EnergyEv} eV, distance {condition.DistanceIndex}, tile {condition.TileIndex})");
        }

        ReferenceBlock? before = matching.LastOrDefault(b => b.MeanSeq <= seq);
        ReferenceBlock? after = matching.FirstOrDefault(b => b.MeanSeq > seq);
        if (mode == FlatMode.Preceding || before is null || after is null)
        {
            return (before ?? after!).Mean;
        }

        float weight = (float)((seq - before.MeanSeq) / (after.MeanSeq - before.MeanSeq));
        var result = new float[before.Mean.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = ((1 - weight) * before.Mean[i]) + (weight * after.Mean[i]);
        }

        return result;
    }
}
