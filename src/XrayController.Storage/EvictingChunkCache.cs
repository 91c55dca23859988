using PureHDF.VOL.Native;

namespace XrayController.Storage;

/// <summary>
/// A write cache that holds at most <c>capacity</c> chunks and writes the oldest out when a new one is asked for, so that
/// memory stays bounded however many frames a scan has. PureHDF's default cache keeps every chunk until the file is
/// closed. Each chunk is written with the writer delegate of its own <c>GetChunk</c> call. Frames are one chunk each and
/// are written whole, so a chunk is complete by the time it is evicted.
/// </summary>
internal sealed class EvictingChunkCache(int capacity) : IWritingChunkCache
{
    private readonly LinkedList<(ulong Index, Memory<byte> Chunk, Action<ulong, Memory<byte>> Writer)> _held = new();

    public Memory<byte> GetChunk(ulong index, Func<Memory<byte>> chunkAllocator, Action<ulong, Memory<byte>> chunkWriter)
    {
        ArgumentNullException.ThrowIfNull(chunkAllocator);
        foreach ((ulong heldIndex, Memory<byte> chunk, _) in _held)
        {
            if (heldIndex == index)
            {
                return chunk;
            }
        }

        while (_held.Count >= capacity)
        {
            (ulong oldIndex, Memory<byte> oldChunk, Action<ulong, Memory<byte>> oldWriter) = _held.First!.Value;
            oldWriter(oldIndex, oldChunk);
            _held.RemoveFirst();
        }

        Memory<byte> allocated = chunkAllocator();
        _held.AddLast((index, allocated, chunkWriter));
        return allocated;
    }

    public void Flush(Action<ulong, Memory<byte>> chunkWriter)
    {
        foreach ((ulong index, Memory<byte> chunk, Action<ulong, Memory<byte>> writer) in _held)
        {
            writer(index, chunk);
        }

        _held.Clear();
    }
}
