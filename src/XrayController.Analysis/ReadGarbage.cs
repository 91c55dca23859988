namespace XrayController.Analysis;

/// <summary>
/// The HDF5 reader leaves an array per chunk it reads (a megabyte for a 512² slice) for the collector, which takes
/// large arrays only in its rare full collections: slab after slab the heap would grow past the budget with them. A
/// full, non-compacting collection after each slab read (a few milliseconds: the heap holds a handful of large arrays)
/// lets the next slab reuse that memory.
/// </summary>
internal static class ReadGarbage
{
    public static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
}
