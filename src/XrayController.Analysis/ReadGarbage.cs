namespace XrayController.Analysis;

/// <summary>
/// The HDF5 reader leaves an array per chunk it reads (a megabyte for a 512² slice) for the collector, which takes
/// large arrays only in its rare full collections: slab after slab the heap would grow past the budget with them. Once
/// a quarter of a gigabyte has been read since the last time, a full, non-compacting collection (milliseconds: the heap
/// holds a handful of large arrays) lets the next reads reuse that memory; small reads (a calibration, a slice) rarely
/// pay for one. The count is the process's, as the heap is.
/// </summary>
internal static class ReadGarbage
{
    private const long BytesBetweenCollections = 256L << 20;
    private static long _sinceCollection;

    public static void Read(long bytes)
    {
        if (Interlocked.Add(ref _sinceCollection, bytes) >= BytesBetweenCollections)
        {
            Interlocked.Exchange(ref _sinceCollection, 0);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }
}
