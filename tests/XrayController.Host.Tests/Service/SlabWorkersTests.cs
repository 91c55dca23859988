using XrayController.Host.Service;

namespace XrayController.Host.Tests.Service;

/// <summary>The service's register of live slab workers: rows that overlap refused, reports checked, silent workers dropped and their rows freed.</summary>
public sealed class SlabWorkersTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static WorkerReport Image(int rows, int columns) => new(10, 32, rows, columns, 1, Convert.ToBase64String(new byte[rows * columns * sizeof(float)]));

    [Fact]
    public void Overlapping_rows_are_refused_until_the_worker_that_holds_them_falls_silent()
    {
        var clock = new Clock();
        var workers = new SlabWorkers(clock);
        SlabWorker top = workers.Register(new WorkerAnnouncement("node1", 0, 64, "tcp://i:5555"), out _)!;
        Assert.NotNull(workers.Register(new WorkerAnnouncement("node2", 64, 128, "tcp://i:5555"), out _));

        Assert.Null(workers.Register(new WorkerAnnouncement("node3", 32, 96, "tcp://i:5555"), out string? overlap));
        Assert.Equal("rows 32:96 overlap worker w1's rows 0:64 on node1", overlap);
        Assert.Null(workers.Register(new WorkerAnnouncement("node3", 10, 10, "tcp://i:5555"), out string? empty));
        Assert.StartsWith("rows 10:10 from 'node3' are not a worker's rows", empty, StringComparison.Ordinal);

        clock.Now += TimeSpan.FromSeconds(20);
        Assert.True(workers.Report(top.Id, Image(4, 4), out _));
        Assert.False(workers.Report(top.Id, Image(4, 4) with { Data = "AAAA" }, out string? broken));
        Assert.StartsWith("the report is not an image", broken, StringComparison.Ordinal);
        clock.Now += TimeSpan.FromSeconds(20);
        Assert.Equal([top.Id], workers.Active.Select(w => w.Id));
        Assert.Equal(10, workers.Active[0].Latest!.Projections);

        Assert.NotNull(workers.Register(new WorkerAnnouncement("node3", 64, 96, "tcp://i:5555"), out _));
        clock.Now += TimeSpan.FromSeconds(31);
        Assert.False(workers.Report(top.Id, Image(4, 4), out string? gone));
        Assert.Equal("no worker w1 is registered", gone);
        Assert.NotNull(workers.Register(new WorkerAnnouncement("node4", 0, 64, "tcp://i:5555"), out _));
        Assert.True(workers.Remove(top.Id));
        Assert.False(workers.Remove(top.Id));
    }
}
