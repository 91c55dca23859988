using System.Buffers.Binary;
using System.IO.Hashing;

namespace XrayController.Storage.Journal;

/// <summary>
/// The frame journal's byte layout. The file starts with the 8-byte magic <c>XRJNL001</c>; then records, each
/// <c>[type: 1 byte][payload length: int32 LE][payload][CRC-32 of type, length and payload: uint32 LE]</c>. Types:
/// <c>H</c> header (UTF-8 JSON, first), <c>F</c> frame (fixed 92-byte head, then rows × columns little-endian uint16
/// pixels), <c>P</c> pause, <c>C</c> energy calibration and <c>E</c> end (UTF-8 JSON). A frame taken again is appended
/// again; the last record of a seq is the one that counts. A record cut short by a crash fails its length or CRC and
/// ends the journal there.
/// </summary>
internal static class FrameJournalFormat
{
    public const byte Header = (byte)'H';
    public const byte Frame = (byte)'F';
    public const byte Pause = (byte)'P';
    public const byte Calibration = (byte)'C';
    public const byte End = (byte)'E';

    public const int RecordOverhead = 1 + 4 + 4;
    public const int FrameHeadBytes = 92;

    /// <summary>The largest JSON record accepted (plan and profile text included).</summary>
    public const int MaxJsonBytes = 16 << 20;

    public static ReadOnlySpan<byte> Magic => "XRJNL001"u8;

    public static uint Checksum(byte type, int length, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        Span<byte> head = stackalloc byte[5];
        head[0] = type;
        BinaryPrimitives.WriteInt32LittleEndian(head[1..], length);
        crc.Append(head);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }
}
