using System.Runtime.InteropServices;
using XrayController.Protocols.FrameStream;

namespace XrayController.Streaming.Subscription;

/// <summary>
/// A fixed number of preallocated frame slots between the stream receiver and the live reconstruction. Writing never
/// blocks: when every slot is full, the oldest waiting projection (or, if none waits, the oldest frame) is dropped and
/// counted as a preview drop — the file still has it. Frames are taken in arrival order and must be released after use.
/// </summary>
public sealed class FrameRingBuffer
{
    /// <summary>Slots by default: a few seconds of a fast scan's frames; at 2048² that is 1 GB of float counts.</summary>
    public const int DefaultCapacity = 64;

    private readonly BufferedFrame[] _slots;
    private readonly LinkedList<BufferedFrame> _waiting = new();
    private readonly Stack<int> _free = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _written;
    private long _dropped;

    public FrameRingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _slots = [.. Enumerable.Range(0, capacity).Select(i => new BufferedFrame(i))];
        for (int i = capacity - 1; i >= 0; i--)
        {
            _free.Push(i);
        }
    }

    public int Capacity => _slots.Length;

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Frames received but dropped before the live reconstruction could use them.</summary>
    public long PreviewDrops => Interlocked.Read(ref _dropped);

    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Copies an image message into a slot (little-endian uint16 or float32 pixels to float counts).</summary>
    public void Write(StreamImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        BufferedFrame slot;
        lock (_gate)
        {
            if (_free.Count == 0)
            {
                LinkedListNode<BufferedFrame> victim = OldestProjection() ?? _waiting.First!;
                _waiting.Remove(victim);
                _free.Push(victim.Value.Slot);
                _dropped++;
            }

            slot = _slots[_free.Pop()];
        }

        Fill(slot, image);
        lock (_gate)
        {
            _waiting.AddLast(slot);
            _written++;
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }

    /// <summary>
    /// Waits until a frame may be waiting, or <paramref name="timeout"/> has passed; returns whether one is. The signal
    /// only wakes the reader; <see cref="TryTake"/> under the lock says what is there.
    /// </summary>
    public async Task<bool> WaitForFrameAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Waiting > 0)
        {
            return true;
        }

        await _signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return Waiting > 0;
    }

    public bool TryTake(out BufferedFrame? frame)
    {
        lock (_gate)
        {
            frame = _waiting.First?.Value;
            if (frame is not null)
            {
                _waiting.RemoveFirst();
            }

            return frame is not null;
        }
    }

    public void Release(BufferedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            _free.Push(frame.Slot);
        }
    }

    private LinkedListNode<BufferedFrame>? OldestProjection()
    {
        for (LinkedListNode<BufferedFrame>? node = _waiting.First; node is not null; node = node.Next)
        {
            if (node.Value.ImageKey == 0)
            {
                return node;
            }
        }

        return null;
    }

    private static void Fill(BufferedFrame slot, StreamImage image)
    {
        int pixels = image.Rows * image.Columns;
        if (slot.Pixels.Length < pixels)
        {
            slot.Pixels = new float[pixels];
        }

        ReadOnlySpan<byte> data = image.Data.Span;
        Span<float> target = slot.Pixels.AsSpan(0, pixels);
        if (image.Dtype == "uint16")
        {
            ReadOnlySpan<ushort> counts = MemoryMarshal.Cast<byte, ushort>(data);
            for (int i = 0; i < pixels; i++)
            {
                target[i] = BitConverter.IsLittleEndian ? counts[i] : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(counts[i]);
            }
        }
        else
        {
            MemoryMarshal.Cast<byte, float>(data)[..pixels].CopyTo(target);
        }

        slot.Seq = image.Seq;
        slot.ImageKey = image.ImageKey;
        slot.AngleDeg = image.RotationAngleDeg;
        slot.EnergyEv = image.EnergyEv ?? double.NaN;
        slot.Magnification = image.Magnification ?? double.NaN;
        slot.DistanceIndex = image.DistanceIndex;
        slot.TileIndex = image.TileIndex;
        slot.Rows = image.Rows;
        slot.Columns = image.Columns;
    }
}
