namespace XrayController.Streaming.Subscription;

/// <summary>
/// What a subscriber saw of one series. Transport gaps (frames of the series never received) and preview drops
/// (received, but dropped from the ring buffer before the live reconstruction used them) are kept apart.
/// </summary>
public sealed record StreamCounters(
    long Received,
    long Processed,
    long TransportGaps,
    long PreviewDrops,
    long OutOfOrder,
    long Duplicates,
    long Malformed,
    long OtherSeries);
