namespace XrayController.Reconstruction.Preprocessing;

/// <summary>The projection-local corrections and their outcome.</summary>
public sealed record CorrectionSettings(FlatMode Flats, bool ZingerRemoval);

/// <summary>How many pixels were floored (impossible transmission) and how many zingers were replaced.</summary>
public readonly record struct CorrectionCounts(long Floored, long Zingers)
{
    public static CorrectionCounts operator +(CorrectionCounts a, CorrectionCounts b) => new(a.Floored + b.Floored, a.Zingers + b.Zingers);
}

/// <summary>
/// Turns raw projections into line integrals, one projection at a time: zingers out (when asked), dark subtracted, divided
/// by the flat chosen for it (<see cref="ReferenceBlocks"/>), −log. The same steps, with the same arithmetic, serve the
/// offline reconstruction (a slab of rows) and the live one (whole frames), so that their results agree.
/// </summary>
public static class ProjectionCorrection
{
    /// <param name="raw">One projection's counts (or a slab of its rows); zingers are removed from it in place.</param>
    public static CorrectionCounts Correct(Span<float> raw, int rows, int columns, double seq, ReferenceCondition condition, ReferenceBlocks flats, ReferenceBlocks? darks, CorrectionSettings settings, Span<float> lineIntegrals)
    {
        ArgumentNullException.ThrowIfNull(flats);
        ArgumentNullException.ThrowIfNull(settings);
        int zingers = settings.ZingerRemoval ? ZingerRemoval.Remove(raw, rows, columns) : 0;
        float[] flat = flats.For(seq, condition, settings.Flats);
        float[] dark = darks is { Blocks.Count: > 0 } ? darks.Latest(seq) : [];
        int floored = FlatField.ToLineIntegrals(raw, dark, flat, lineIntegrals);
        return new CorrectionCounts(floored, zingers);
    }

    /// <summary>Checks that flats are usable: finite and, on average, brighter than the darks.</summary>
    public static void CheckReferences(ReferenceBlocks flats, ReferenceBlocks? darks)
    {
        ArgumentNullException.ThrowIfNull(flats);
        foreach (ReferenceBlock block in flats.Blocks.Concat(darks?.Blocks ?? []))
        {
            if (block.Mean.Any(v => !float.IsFinite(v)))
            {
                throw new InvalidDataException("a flat or dark frame holds values that are not finite numbers (NaN or infinity)");
            }
        }

        double darkLevel = darks is { Blocks.Count: > 0 } ? darks.Blocks.Average(b => b.Mean.Average()) : 0;
        foreach (ReferenceBlock block in flats.Blocks)
        {
            if (block.Mean.Average() <= darkLevel)
            {
                throw new InvalidDataException(block.Mean.All(v => v == 0)
                    ? "the flats are all zero: the open beam was never recorded"
                    : "the flats are no brighter than the darks: the beam was off or the shutter closed when they were taken");
            }
        }
    }
}
