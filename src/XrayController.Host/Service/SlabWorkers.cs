using System.Globalization;
using XrayController.Host.Monitor;

namespace XrayController.Host.Service;

/// <summary>A live slab worker as it announces itself: its host, its detector rows [FirstRow, EndRow) and the stream it reads.</summary>
internal sealed record WorkerAnnouncement(string Host, int FirstRow, int EndRow, string Endpoint);

/// <summary>What a worker reports as it reconstructs: projections so far and its axial preview slice (at detector row <paramref name="Z"/>), as the monitor's images are sent.</summary>
internal sealed record WorkerReport(int Projections, int Z, int Rows, int Columns, int Bin, string Data);

/// <summary>A registered worker and what it last reported.</summary>
internal sealed record SlabWorker(string Id, WorkerAnnouncement Announced, DateTimeOffset Registered, DateTimeOffset LastSeen, WorkerReport? Latest);

/// <summary>
/// The live slab workers (<c>xrayctl live --rows A:B --announce URL</c>) that reconstruct rows of the stream beside the
/// service: each announces its rows, which may not overlap another active worker's, reports its preview as it goes and
/// leaves when its series ends. A worker silent for <see cref="Silence"/> (ended without saying so, or its host lost)
/// no longer counts, and its rows are free again.
/// </summary>
internal sealed class SlabWorkers(TimeProvider time)
{
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(30);

    /// <summary>The largest image a worker may report (its values, before base64).</summary>
    private const int MaxImageValues = MonitorImage.MaxSide * MonitorImage.MaxSide;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SlabWorker> _workers = [];
    private int _next;

    /// <summary>The workers heard from within <see cref="Silence"/>, by first row.</summary>
    public IReadOnlyList<SlabWorker> Active
    {
        get
        {
            lock (_lock)
            {
                DateTimeOffset now = time.GetUtcNow();
                return [.. _workers.Values.Where(w => now - w.LastSeen <= Silence).OrderBy(w => w.Announced.FirstRow)];
            }
        }
    }

    /// <summary>Registers a worker; null and why when its rows are not rows or overlap an active worker's.</summary>
    public SlabWorker? Register(WorkerAnnouncement announced, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(announced);
        if (announced.FirstRow < 0 || announced.EndRow <= announced.FirstRow || string.IsNullOrWhiteSpace(announced.Host))
        {
            refusal = $"rows {announced.FirstRow}:{announced.EndRow} from '{announced.Host}' are not a worker's rows (0 <= first < end, and a host)";
            return null;
        }

        lock (_lock)
        {
            if (Active.FirstOrDefault(w => w.Announced.FirstRow < announced.EndRow && announced.FirstRow < w.Announced.EndRow) is { } other)
            {
                refusal = $"rows {announced.FirstRow}:{announced.EndRow} overlap worker {other.Id}'s rows {other.Announced.FirstRow}:{other.Announced.EndRow} on {other.Announced.Host}";
                return null;
            }

            DateTimeOffset now = time.GetUtcNow();
            var worker = new SlabWorker(string.Create(CultureInfo.InvariantCulture, $"w{++_next}"), announced, now, now, null);
            _workers[worker.Id] = worker;
            refusal = null;
            return worker;
        }
    }

    /// <summary>Takes a worker's report; false when no such worker is registered (or it was dropped as silent), or the report is not an image it could send.</summary>
    public bool Report(string id, WorkerReport report, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Rows < 1 || report.Columns < 1 || (long)report.Rows * report.Columns > MaxImageValues || report.Data is null || report.Data.Length != ((report.Rows * report.Columns * sizeof(float)) + 2) / 3 * 4)
        {
            refusal = $"the report is not an image of at most {MonitorImage.MaxSide} x {MonitorImage.MaxSide} float32 values in base64";
            return false;
        }

        lock (_lock)
        {
            if (!_workers.TryGetValue(id, out SlabWorker? worker) || time.GetUtcNow() - worker.LastSeen > Silence)
            {
                refusal = $"no worker {id} is registered";
                return false;
            }

            _workers[id] = worker with { LastSeen = time.GetUtcNow(), Latest = report };
            refusal = null;
            return true;
        }
    }

    public bool Remove(string id)
    {
        lock (_lock)
        {
            return _workers.Remove(id);
        }
    }
}
