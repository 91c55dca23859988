using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Tests.Shared;

namespace XrayController.Storage.Tests;

/// <summary>A compiled small scan on the demo profile and frames whose pixels encode their sequence number.</summary>
internal static class ScanFixtures
{
    /// <summary>The plan compiled for the repository's profile <paramref name="instrument"/>.</summary>
    public static CompiledScan Compile(string yaml, string instrument = "demo")
    {
        PlanReadResult read = PlanReader.Read(yaml, "test.yaml");
        Assert.True(read.Succeeded, string.Join(Environment.NewLine, read.Diagnostics));
        InstrumentProfileReadResult profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument(instrument)), instrument + ".json");
        Assert.True(profile.Succeeded, string.Join(Environment.NewLine, profile.Diagnostics));
        return PlanCompiler.Compile(read.Document!.Plan, profile.Profile!);
    }

    public static ScanStarted Started(CompiledScan scan) => new(
        Guid.NewGuid(),
        scan,
        new ScanProvenance("0.1.0", "test.yaml", "name: t", "demo.json", "{}", Simulated: true, TrueRotationAxisPx: 63.75),
        new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero));

    public static FrameAcquired Frame(CompiledScan scan, FrameInfo info)
    {
        var pixels = new ushort[scan.FrameRows * scan.FrameColumns];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (ushort)((info.Seq * 7) + i);
        }

        var image = new DetectorFrame(info.Seq, scan.FrameRows, scan.FrameColumns, pixels, DateTimeOffset.UnixEpoch);
        return new FrameAcquired(info, image, info.AngleDeg + 0.0001, info.Seq * 0.5, double.NaN);
    }

    /// <summary>Writes a scan file of these frames, ended with the status given.</summary>
    public static async Task WriteAsync(CompiledScan scan, string path, IEnumerable<FrameInfo> frames, ScanStatus status, FrameCompression compression)
    {
        await using var writer = new ScanFileWriter(path, compression);
        await writer.OnStartedAsync(Started(scan), CancellationToken.None);
        int count = 0;
        foreach (FrameInfo info in frames)
        {
            await writer.OnFrameAsync(Frame(scan, info), CancellationToken.None);
            count++;
        }

        await writer.OnEndedAsync(new ScanEnded(status, status == ScanStatus.Completed ? null : "stopped in a test", new FrameCounts(0, 0, count), DateTimeOffset.UnixEpoch, 1.5), CancellationToken.None);
    }
}
