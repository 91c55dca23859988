using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using XrayController.Core.Optics;
using XrayController.Core.Scans;

namespace XrayController.Storage.Journal;

/// <summary>
/// Appends a scan's frames to its journal (<c>NAME.h5.journal</c>) as they are written, each record handed to the
/// operating system before the next frame, so that a killed process loses no frame it had received. The journal is
/// what <c>xrayctl recover</c> and <c>xrayctl resume</c> read; it is removed once the scan's file is complete.
/// </summary>
public sealed class FrameJournalWriter : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly FileStream _stream;
    private readonly byte[] _head = new byte[FrameJournalFormat.FrameHeadBytes];

    private FrameJournalWriter(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    public static FrameJournalWriter Create(string path, JournalHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var writer = new FrameJournalWriter(stream, path);
        stream.Write(FrameJournalFormat.Magic);
        writer.AppendJson(FrameJournalFormat.Header, header);
        return writer;
    }

    /// <summary>Opens a journal to go on with it: whatever follows its last intact record is cut off first.</summary>
    public static FrameJournalWriter Continue(JournalContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var stream = new FileStream(contents.Path, FileMode.Open, FileAccess.Write, FileShare.Read);
        stream.SetLength(contents.IntactBytes);
        stream.Seek(0, SeekOrigin.End);
        return new FrameJournalWriter(stream, contents.Path);
    }

    public void AppendFrame(FrameAcquired frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the frame journal is written on little-endian machines only");
        }

        ReadOnlySpan<byte> pixels = MemoryMarshal.AsBytes(frame.Image.Pixels.Span);
        Span<byte> head = _head;
        BinaryPrimitives.WriteInt64LittleEndian(head, frame.Frame.Seq);
        BinaryPrimitives.WriteInt32LittleEndian(head[8..], (int)frame.Frame.Kind);
        BinaryPrimitives.WriteDoubleLittleEndian(head[12..], frame.Frame.AngleDeg);
        BinaryPrimitives.WriteDoubleLittleEndian(head[20..], frame.Frame.EnergyEv);
        BinaryPrimitives.WriteInt32LittleEndian(head[28..], frame.Frame.DistanceIndex);
        BinaryPrimitives.WriteInt32LittleEndian(head[32..], frame.Frame.TileIndex);
        BinaryPrimitives.WriteDoubleLittleEndian(head[36..], frame.Frame.Magnification);
        BinaryPrimitives.WriteDoubleLittleEndian(head[44..], frame.Frame.PropagationDistanceMm);
        BinaryPrimitives.WriteDoubleLittleEndian(head[52..], frame.EncoderDeg);
        BinaryPrimitives.WriteDoubleLittleEndian(head[60..], frame.TimestampS);
        BinaryPrimitives.WriteDoubleLittleEndian(head[68..], frame.I0);
        BinaryPrimitives.WriteInt32LittleEndian(head[76..], frame.Image.Rows);
        BinaryPrimitives.WriteInt32LittleEndian(head[80..], frame.Image.Columns);
        BinaryPrimitives.WriteDoubleLittleEndian(head[84..], frame.TemperatureC);
        int length = head.Length + pixels.Length;
        var crc = new Crc32();
        Span<byte> prefix = stackalloc byte[5];
        prefix[0] = FrameJournalFormat.Frame;
        BinaryPrimitives.WriteInt32LittleEndian(prefix[1..], length);
        crc.Append(prefix);
        crc.Append(head);
        crc.Append(pixels);
        _stream.Write(prefix);
        _stream.Write(head);
        _stream.Write(pixels);
        WriteChecksum(crc.GetCurrentHashAsUInt32());
    }

    public void AppendPause(ScanPause pause) => AppendJson(FrameJournalFormat.Pause, pause);

    public void AppendCalibration(EnergyCalibration calibration) => AppendJson(FrameJournalFormat.Calibration, calibration);

    public void AppendEnd(JournalEnd end) => AppendJson(FrameJournalFormat.End, end);

    public void Dispose() => _stream.Dispose();

    private void AppendJson<T>(byte type, T value)
    {
        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        Span<byte> prefix = stackalloc byte[5];
        prefix[0] = type;
        BinaryPrimitives.WriteInt32LittleEndian(prefix[1..], payload.Length);
        _stream.Write(prefix);
        _stream.Write(payload);
        WriteChecksum(FrameJournalFormat.Checksum(type, payload.Length, payload));
    }

    private void WriteChecksum(uint checksum)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, checksum);
        _stream.Write(bytes);
        _stream.Flush(flushToDisk: false);
    }
}
