using PureHDF;
using PureHDF.Selections;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Storage.Journal;
using XrayController.Tests.Shared;

namespace XrayController.Storage.Tests;

/// <summary>The frame journal: retakes replace frames in the file, a torn journal keeps its intact frames, damaged journals are refused clearly.</summary>
public sealed class JournalTests : IDisposable
{
    /// <summary>The scan-file writer's test plan: 12 projections, 3 flats at start and end, 2 darks.</summary>
    private const string Plan = ScanFileWriterTests.Plan;

    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-journal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_retaken_frame_replaces_the_first_in_the_stack_and_the_log_keeps_both()
    {
        CompiledScan scan = ScanFixtures.Compile(Plan);
        string path = Path.Combine(_directory, "t.h5");
        FrameInfo[] planned = [.. scan.PlannedFrames()];
        var pause = new ScanPause(1.0, 4.5, "beam current 0 mA below 50 mA", "beam current", "projection 3", 2);

        await using (var writer = new ScanFileWriter(path, FrameCompression.Deflate))
        {
            await writer.OnStartedAsync(ScanFixtures.Started(scan), CancellationToken.None);
            foreach (FrameInfo frame in planned.Take(10))
            {
                await writer.OnFrameAsync(ScanFixtures.Frame(scan, frame), CancellationToken.None);
            }

            foreach (FrameInfo frame in planned.Skip(8))
            {
                FrameAcquired acquired = ScanFixtures.Frame(scan, frame);
                bool retake = frame.Seq is 8 or 9;
                await writer.OnFrameAsync(retake ? Brighter(acquired) : acquired, CancellationToken.None);
            }

            var ended = new ScanEnded(ScanStatus.Completed, null, scan.Frames, DateTimeOffset.UnixEpoch, 9) { Pauses = [pause], Retakes = 2 };
            await writer.OnEndedAsync(ended, CancellationToken.None);
            Assert.False(File.Exists(writer.JournalPath));
        }

        using var file = H5File.OpenRead(path);
        IH5Dataset data = file.Dataset("/exchange/data");
        Assert.Equal([12UL, 64, 64], data.Space.Dimensions);
        int slot = planned.Where(f => f.Kind == FrameKind.Projection).ToList().FindIndex(f => f.Seq == 8);
        ushort[] stored = data.Read<ushort[]>(new HyperslabSelection(rank: 3, starts: [(ulong)slot, 0, 0], blocks: [1, 64, 64]));
        Assert.Equal(Brighter(ScanFixtures.Frame(scan, planned[8])).Image.Pixels.ToArray(), stored);
        long[] seq = file.Dataset("/measurement/frames/seq").Read<long[]>();
        int[] keys = file.Dataset("/measurement/frames/image_key").Read<int[]>();
        Assert.Equal(planned.Length + 2, seq.Length);
        Assert.Equal([8L, 9, 8, 9], seq.Skip(8).Take(4));
        Assert.Equal([3, 3, 0, 0], keys.Skip(8).Take(4));
        Assert.Equal([2], file.Dataset("/process/acquisition/retakes").Read<int[]>());
        Assert.Equal(["beam current 0 mA below 50 mA"], file.Dataset("/process/acquisition/pauses/reason").Read<string[]>());
        Assert.Equal([4.5], file.Dataset("/process/acquisition/pauses/end_s").Read<double[]>());
        Assert.Equal("completed", file.Dataset("/process/acquisition/status").Read<string>());
    }

    [Fact]
    public async Task A_journal_cut_short_by_a_crash_keeps_every_intact_frame()
    {
        CompiledScan scan = ScanFixtures.Compile(Plan);
        string path = Path.Combine(_directory, "t.h5");
        string journal;
        await using (var writer = new ScanFileWriter(path, FrameCompression.Deflate))
        {
            await writer.OnStartedAsync(ScanFixtures.Started(scan), CancellationToken.None);
            foreach (FrameInfo frame in scan.PlannedFrames().Take(7))
            {
                await writer.OnFrameAsync(ScanFixtures.Frame(scan, frame), CancellationToken.None);
            }

            journal = writer.JournalPath;
            await WaitForAsync(() => new FileInfo(journal).Length > 7 * 64 * 64 * 2);
        }

        using (var stream = new FileStream(journal, FileMode.Open))
        {
            stream.SetLength(stream.Length - 1000);
        }

        JournalContents contents = FrameJournalReader.Read(journal);

        Assert.Equal(6, contents.Frames.Count);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), contents.Frames.Select(f => f.Frame.Seq));
        Assert.Equal((64 * 64 * 2) + FrameJournalFormat.FrameHeadBytes + FrameJournalFormat.RecordOverhead - 1000, contents.DiscardedBytes);
        Assert.Null(contents.End);
        Assert.Equal("name: t", contents.Header.PlanText);
        FrameInfo fifth = scan.PlannedFrames().ElementAt(5);
        Assert.Equal(ScanFixtures.Frame(scan, fifth).Image.Pixels.ToArray(), FrameJournalReader.ReadPixels(journal, contents.Header, contents.Frames[5]));
    }

    [Fact]
    public async Task Damaged_journals_are_read_to_their_last_intact_record_or_refused_clearly()
    {
        CompiledScan scan = ScanFixtures.Compile(Plan.Replace("count: 12", "count: 2", StringComparison.Ordinal).Replace("binning: 2", "binning: 1", StringComparison.Ordinal).Replace("count: 3", "count: 1", StringComparison.Ordinal));
        string path = Path.Combine(_directory, "small.h5");
        await using (var writer = new ScanFileWriter(path, FrameCompression.None))
        {
            await writer.OnStartedAsync(ScanFixtures.Started(scan), CancellationToken.None);
            foreach (FrameInfo frame in scan.PlannedFrames().Take(3))
            {
                await writer.OnFrameAsync(ScanFixtures.Frame(scan, frame), CancellationToken.None);
            }

            await WaitForAsync(() => new FileInfo(writer.JournalPath).Length > 3 * 128 * 128 * 2);
        }

        byte[] bytes = await File.ReadAllBytesAsync(path + ".journal");
        Assert.Equal(3, FrameJournalReader.Read(path + ".journal").Frames.Count);

        Fuzz.Check(
            Fuzz.Bytes([bytes]),
            input =>
            {
                string mutated = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".journal");
                File.WriteAllBytes(mutated, input);
                try
                {
                    JournalContents contents = FrameJournalReader.Read(mutated);
                    Assert.InRange(contents.Frames.Count, 0, 3);
                    Assert.Equal(input.Length, contents.IntactBytes + contents.DiscardedBytes);
                }
                finally
                {
                    File.Delete(mutated);
                }
            },
            Math.Max(300, Fuzz.Inputs / 10),
            typeof(InvalidDataException));
    }

    private static FrameAcquired Brighter(FrameAcquired frame)
    {
        ushort[] pixels = [.. frame.Image.Pixels.ToArray().Select(p => (ushort)(p + 1000))];
        return frame with { Image = new DetectorFrame(frame.Image.ImageNumber, frame.Image.Rows, frame.Image.Columns, pixels, frame.Image.ExposureStart) };
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
