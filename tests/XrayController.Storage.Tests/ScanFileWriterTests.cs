using PureHDF;
using PureHDF.Selections;
using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage.Tests;

public sealed class ScanFileWriterTests : IDisposable
{
    internal const string Plan = """
        name: t
        technique: parallel-ct
        instrument: demo
        sample: { name: phantom, out_of_beam: { x_mm: 2.0 } }
        detector: { exposure_s: 0.01, binning: 2 }
        rotation: { start_deg: 0, range_deg: 180, count: 12 }
        flats: { count: 3, at: [start, end] }
        darks: { count: 2, at: [start] }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-storage-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_complete_scan_is_written_in_the_data_exchange_layout()
    {
        CompiledScan scan = ScanFixtures.Compile(Plan);
        string path = Path.Combine(_directory, "t.h5");

        await ScanFixtures.WriteAsync(scan, path, scan.PlannedFrames(), ScanStatus.Completed, FrameCompression.Deflate);

        Assert.False(File.Exists(ScanFileNames.Partial(path)));
        using var file = H5File.OpenRead(path);
        IH5Dataset data = file.Dataset("/exchange/data");
        Assert.Equal([12UL, 64, 64], data.Space.Dimensions);
        Assert.Equal([6UL, 64, 64], file.Dataset("/exchange/data_white").Space.Dimensions);
        Assert.Equal([2UL, 64, 64], file.Dataset("/exchange/data_dark").Space.Dimensions);
        FrameInfo[] projections = [.. scan.PlannedFrames().Where(f => f.Kind == FrameKind.Projection)];
        ushort[] fifth = data.Read<ushort[]>(new HyperslabSelection(rank: 3, starts: [4, 0, 0], blocks: [1, 64, 64]));
        Assert.Equal(ScanFixtures.Frame(scan, projections[4]).Image.Pixels.ToArray(), fifth);
        Assert.Equal(projections.Select(p => p.AngleDeg), file.Dataset("/exchange/theta").Read<double[]>());
        Assert.Equal("degrees", file.Dataset("/exchange/theta").Attribute("units").Read<string>());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), file.Dataset("/measurement/frames/seq").Read<long[]>());
        Assert.Equal([2, 2, 1, 1, 1], file.Dataset("/measurement/frames/image_key").Read<int[]>().Take(5));
        Assert.Equal("completed", file.Dataset("/process/acquisition/status").Read<string>());
        Assert.Equal([20L], file.Dataset("/process/acquisition/frames_acquired").Read<long[]>());
        Assert.Equal(63.75, file.Group("process").Attribute("true_rotation_axis_px").Read<double>());
        Assert.Equal("name: t", file.Group("process").Attribute("plan").Read<string>());
        Assert.Equal(1.3, file.Group("measurement/instrument/geometry").Attribute("pixel_size_um").Read<double>(), 12);
    }

    [Fact]
    public async Task A_scan_ended_early_keeps_exactly_the_frames_acquired()
    {
        CompiledScan scan = ScanFixtures.Compile(Plan);
        string path = Path.Combine(_directory, "t.h5");
        FrameInfo[] acquired = [.. scan.PlannedFrames().Take(9)];

        await ScanFixtures.WriteAsync(scan, path, acquired, ScanStatus.Aborted, FrameCompression.None);

        Assert.False(File.Exists(ScanFileNames.Partial(path)));
        using var file = H5File.OpenRead(path);
        Assert.Equal([4UL, 64, 64], file.Dataset("/exchange/data").Space.Dimensions);
        Assert.Equal([3UL, 64, 64], file.Dataset("/exchange/data_white").Space.Dimensions);
        ushort[] last = file.Dataset("/exchange/data").Read<ushort[]>(new HyperslabSelection(rank: 3, starts: [3, 0, 0], blocks: [1, 64, 64]));
        Assert.Equal(ScanFixtures.Frame(scan, acquired[^1]).Image.Pixels.ToArray(), last);
        Assert.Equal(4, file.Dataset("/exchange/theta").Read<double[]>().Length);
        Assert.Equal(9, file.Dataset("/measurement/frames/seq").Read<long[]>().Length);
        Assert.Equal("aborted", file.Dataset("/process/acquisition/status").Read<string>());
        Assert.Equal("stopped in a test", file.Dataset("/process/acquisition/reason").Read<string>());
    }

    [Fact]
    public async Task A_frame_of_the_wrong_shape_stops_the_writer_with_a_clear_error()
    {
        CompiledScan scan = ScanFixtures.Compile(Plan);
        await using var writer = new ScanFileWriter(Path.Combine(_directory, "t.h5"), FrameCompression.None);
        await writer.OnStartedAsync(ScanFixtures.Started(scan), CancellationToken.None);
        FrameAcquired good = ScanFixtures.Frame(scan, scan.PlannedFrames().First());
        FrameAcquired bad = good with { Image = good.Image with { Rows = 32 } };

        await writer.OnFrameAsync(bad, CancellationToken.None);
        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            for (int i = 0; i < 100; i++)
            {
                await writer.OnFrameAsync(good, CancellationToken.None);
            }
        });

        Assert.Contains("is 32 x 64; the scan's frames are 64 x 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evicting_cache_holds_at_most_its_capacity_and_writes_every_chunk_once()
    {
        var cache = new EvictingChunkCache(2);
        var written = new List<ulong>();
        void Writer(ulong index, Memory<byte> chunk) => written.Add(index);

        for (ulong i = 0; i < 10; i++)
        {
            cache.GetChunk(i, () => new byte[4], Writer);
        }

        Assert.Equal([0UL, 1, 2, 3, 4, 5, 6, 7], written);
        cache.Flush(Writer);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (ulong)i), written);
    }

    [Fact]
    public void File_names_follow_the_plan_name_and_utc_start()
    {
        Assert.Equal("demo-parallel_20261124T200102.h5", ScanFileNames.RawFile("demo-parallel", new DateTimeOffset(2026, 11, 24, 21, 1, 2, TimeSpan.FromHours(1))));
    }
}
