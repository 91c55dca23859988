using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using XrayController.Core.Optics;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage.Journal;

/// <summary>
/// Reads a frame journal without loading its pixels: every record is checked (type, length against the file, frame
/// shape against the header, CRC) and the first one that fails ends the journal there, as a crash mid-record leaves it.
/// A file without the magic or an intact header is not a journal.
/// </summary>
public static class FrameJournalReader
{
    private const int ChunkBytes = 1 << 16;

    /// <param name="verifyPixels">Read every frame's pixels to check its CRC (the default); false trusts a journal this process
    /// wrote and reads its metadata only, skipping the pixels.</param>
    public static JournalContents Read(string path, bool verifyPixels = true)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> magic = stackalloc byte[8];
        if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) != magic.Length || !magic.SequenceEqual(FrameJournalFormat.Magic))
        {
            throw new InvalidDataException($"{path} is not a frame journal (no XRJNL001 magic)");
        }

        if (ReadRecord(stream, null, verifyPixels: true) is not { Type: FrameJournalFormat.Header } first)
        {
            throw new InvalidDataException($"{path} is not a usable frame journal: its header record is missing or damaged");
        }

        JournalHeader header = Parse<JournalHeader>(first.Json!, path, "header") ?? throw new InvalidDataException($"{path}: the header record is empty");
        CheckHeader(header, path);
        var frames = new List<JournalFrame>();
        var pauses = new List<ScanPause>();
        EnergyCalibration? calibration = null;
        JournalEnd? end = null;
        long intact = stream.Position;
        while (ReadRecord(stream, header, verifyPixels) is { } record)
        {
            switch (record.Type)
            {
                case FrameJournalFormat.Frame:
                    frames.Add(record.Frame!);
                    break;
                case FrameJournalFormat.Pause:
                    pauses.Add(Parse<ScanPause>(record.Json!, path, "pause") ?? throw new InvalidDataException($"{path}: empty pause record"));
                    break;
                case FrameJournalFormat.Calibration:
                    calibration = Parse<EnergyCalibration>(record.Json!, path, "calibration");
                    break;
                default:
                    end = Parse<JournalEnd>(record.Json!, path, "end");
                    break;
            }

            intact = stream.Position;
        }

        return new JournalContents(path, header, frames, pauses, calibration, end, intact, stream.Length - intact);
    }

    /// <summary>The pixels of one journalled frame.</summary>
    public static ushort[] ReadPixels(string path, JournalHeader header, JournalFrame frame)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(frame);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return ReadPixels(stream, header, frame);
    }

    /// <summary>The pixels of one journalled frame, from the journal opened once for many frames.</summary>
    public static ushort[] ReadPixels(Stream journal, JournalHeader header, JournalFrame frame)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(frame);
        var pixels = new ushort[header.FrameRows * header.FrameColumns];
        journal.Seek(frame.PixelOffset, SeekOrigin.Begin);
        journal.ReadExactly(MemoryMarshal.AsBytes(pixels.AsSpan()));
        return pixels;
    }

    private static void CheckHeader(JournalHeader header, string path)
    {
        if (header.PlanText is null || header.ProfileText is null || header.RawFile is null || header.PlanSource is null || header.ProfileSource is null || header.SoftwareVersion is null)
        {
            throw new InvalidDataException($"{path}: the header lacks the plan, the profile or the file name");
        }

        if (header.FrameRows <= 0 || header.FrameColumns <= 0 || (long)header.FrameRows * header.FrameColumns > int.MaxValue / 2 || header.PlannedFrames < 0)
        {
            throw new InvalidDataException($"{path}: the header's frame shape {header.FrameRows} x {header.FrameColumns} or planned count {header.PlannedFrames} is impossible");
        }
    }

    private static T? Parse<T>(byte[] json, string path, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, FrameJournalWriter.Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: the {what} record is not valid: {e.Message}", e);
        }
    }

    /// <summary>The next intact record, or null at the end of the file or at the first record that fails a check.</summary>
    private static Record? ReadRecord(FileStream stream, JournalHeader? header, bool verifyPixels)
    {
        long start = stream.Position;
        Span<byte> prefix = stackalloc byte[5];
        if (stream.ReadAtLeast(prefix, 5, throwOnEndOfStream: false) != 5)
        {
            return Rewind(stream, start);
        }

        byte type = prefix[0];
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix[1..]);
        long left = stream.Length - stream.Position;
        if (length < 0 || length + 4L > left || (header is null && type != FrameJournalFormat.Header))
        {
            return Rewind(stream, start);
        }

        var crc = new Crc32();
        crc.Append(prefix);
        Record? record = type switch
        {
            FrameJournalFormat.Frame when header is not null => ReadFrame(stream, length, header, verifyPixels ? crc : null),
            FrameJournalFormat.Header when header is null => ReadJson(stream, type, length, crc),
            FrameJournalFormat.Pause or FrameJournalFormat.Calibration or FrameJournalFormat.End when header is not null => ReadJson(stream, type, length, crc),
            _ => null,
        };
        Span<byte> stored = stackalloc byte[4];
        bool skipCrc = !verifyPixels && type == FrameJournalFormat.Frame;
        if (record is null || stream.ReadAtLeast(stored, 4, throwOnEndOfStream: false) != 4 || (!skipCrc && BinaryPrimitives.ReadUInt32LittleEndian(stored) != crc.GetCurrentHashAsUInt32()))
        {
            return Rewind(stream, start);
        }

        return record;
    }

    private static Record? ReadJson(FileStream stream, byte type, int length, Crc32 crc)
    {
        if (length > FrameJournalFormat.MaxJsonBytes)
        {
            return null;
        }

        byte[] payload = new byte[length];
        stream.ReadExactly(payload);
        crc.Append(payload);
        return new Record(type, payload, null);
    }

    /// <summary>A frame record's head, its pixels checked against the CRC when <paramref name="crc"/> is given, else skipped.</summary>
    private static Record? ReadFrame(FileStream stream, int length, JournalHeader header, Crc32? crc)
    {
        long pixelBytes = 2L * header.FrameRows * header.FrameColumns;
        if (length != FrameJournalFormat.FrameHeadBytes + pixelBytes)
        {
            return null;
        }

        Span<byte> head = stackalloc byte[FrameJournalFormat.FrameHeadBytes];
        stream.ReadExactly(head);
        crc?.Append(head);
        int kind = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        if (kind is < 0 or > 2 || BinaryPrimitives.ReadInt32LittleEndian(head[76..]) != header.FrameRows || BinaryPrimitives.ReadInt32LittleEndian(head[80..]) != header.FrameColumns)
        {
            return null;
        }

        long pixelOffset = stream.Position;
        if (crc is null)
        {
            stream.Seek(pixelBytes, SeekOrigin.Current);
        }
        else
        {
            byte[] chunk = new byte[ChunkBytes];
            for (long left = pixelBytes; left > 0;)
            {
                int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, left));
                crc.Append(chunk.AsSpan(0, read));
                left -= read;
            }
        }

        var frame = new FrameInfo(
            BinaryPrimitives.ReadInt64LittleEndian(head),
            (FrameKind)kind,
            BinaryPrimitives.ReadDoubleLittleEndian(head[12..]),
            BinaryPrimitives.ReadDoubleLittleEndian(head[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(head[28..]),
            BinaryPrimitives.ReadInt32LittleEndian(head[32..]),
            BinaryPrimitives.ReadDoubleLittleEndian(head[36..]),
            BinaryPrimitives.ReadDoubleLittleEndian(head[44..]));
        var entry = new JournalFrame(
            frame,
            BinaryPrimitives.ReadDoubleLittleEndian(head[52..]),
            BinaryPrimitives.ReadDoubleLittleEndian(head[60..]),
            BinaryPrimitives.ReadDoubleLittleEndian(head[68..]),
            pixelOffset)
        {
            TemperatureC = BinaryPrimitives.ReadDoubleLittleEndian(head[84..]),
        };
        return new Record(FrameJournalFormat.Frame, null, entry);
    }

    private static Record? Rewind(FileStream stream, long position)
    {
        stream.Position = position;
        return null;
    }

    private sealed record Record(byte Type, byte[]? Json, JournalFrame? Frame);
}
