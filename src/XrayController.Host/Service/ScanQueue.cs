using System.Text.Json;
using System.Text.Json.Serialization;

namespace XrayController.Host.Service;

/// <summary>One scan the service was given: its plan, where it stands and how it ended.</summary>
public sealed record QueuedScan(string Id, string Name, string PlanFile, string State, DateTimeOffset SubmittedAt)
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Aborted = "aborted";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";

    public string? Reason { get; init; }

    public string? RawFile { get; init; }

    /// <summary>The scan's report page (FILE_report.html), once it is written.</summary>
    public string? Report { get; init; }

    /// <summary>Every output the scan's report names (the scan file, reconstructions, figures, analyses, the report), once it is written.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    public int FramesAcquired { get; init; }

    public int FramesPlanned { get; init; }

    /// <summary>Where the scan stands in the queue (the order scans run in); kept on disk so that a reordering survives a restart.</summary>
    public int Order { get; init; }

    [JsonIgnore]
    public bool Finished => State is Completed or Failed or Aborted or Cancelled or Interrupted;
}

/// <summary>
/// The service's scan queue, kept on disk (<c>STATE/queue/ID.json</c> and the plan as <c>ID.yaml</c>) so that it
/// survives a restart: one entry per submitted scan, in submission order unless reordered; a scan found running at start-up was cut off
/// by the restart and is marked interrupted (its file is recovered from its journal by the next scan into its folder).
/// </summary>
public sealed class ScanQueue
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string _directory;
    private readonly Lock _gate = new();
    private readonly List<QueuedScan> _scans = [];
    private readonly List<string> _unreadable = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScanQueue(string stateDirectory)
    {
        _directory = Path.Combine(stateDirectory, "queue");
        Directory.CreateDirectory(_directory);
        foreach (string file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            QueuedScan? scan = Read(file);
            if (scan is null)
            {
                _unreadable.Add(file);
                continue;
            }

            _scans.Add(scan.State is QueuedScan.Running or QueuedScan.Paused
                ? scan with { State = QueuedScan.Interrupted, Reason = "the service stopped while the scan ran" }
                : scan);
        }

        _scans.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.SubmittedAt.CompareTo(b.SubmittedAt));
        foreach (QueuedScan scan in _scans)
        {
            Save(scan);
        }
    }

    /// <summary>Queue files that could not be read at start-up (left out, and left in place).</summary>
    public IReadOnlyList<string> Unreadable => _unreadable;

    public IReadOnlyList<QueuedScan> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _scans];
            }
        }
    }

    public QueuedScan? Find(string id)
    {
        lock (_gate)
        {
            return _scans.FirstOrDefault(s => s.Id == id);
        }
    }

    public QueuedScan Add(string name, string planText)
    {
        string id = Guid.NewGuid().ToString("N")[..12];
        string planFile = Path.Combine(_directory, id + ".yaml");
        File.WriteAllText(planFile, planText);
        lock (_gate)
        {
            var scan = new QueuedScan(id, name, planFile, QueuedScan.Queued, DateTimeOffset.UtcNow) { Order = _scans.Count == 0 ? 0 : _scans.Max(s => s.Order) + 1 };
            _scans.Add(scan);
            Save(scan);
            _added.TrySetResult();
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return scan;
        }
    }

    /// <summary>
    /// Moves a queued scan to <paramref name="position"/> among the queued scans (0: next to run; past the end: last).
    /// </summary>
    /// <returns>False when the scan is not queued (running or finished).</returns>
    public bool Move(string id, int position)
    {
        lock (_gate)
        {
            QueuedScan scan = _scans.First(s => s.Id == id);
            if (scan.State != QueuedScan.Queued)
            {
                return false;
            }

            _scans.Remove(scan);
            List<QueuedScan> queued = [.. _scans.Where(s => s.State == QueuedScan.Queued)];
            int index = position < queued.Count ? _scans.IndexOf(queued[Math.Max(0, position)]) : _scans.Count;
            _scans.Insert(index, scan);
            for (int i = 0; i < _scans.Count; i++)
            {
                if (_scans[i].Order != i)
                {
                    _scans[i] = _scans[i] with { Order = i };
                    Save(_scans[i]);
                }
            }

            return true;
        }
    }

    public void Update(QueuedScan scan)
    {
        lock (_gate)
        {
            int index = _scans.FindIndex(s => s.Id == scan.Id);
            _scans[index] = scan;
            Save(scan);
        }
    }

    /// <summary>The next queued scan, waiting for one to be submitted.</summary>
    public async Task<QueuedScan> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task added;
            lock (_gate)
            {
                if (_scans.FirstOrDefault(s => s.State == QueuedScan.Queued) is { } next)
                {
                    return next;
                }

                added = _added.Task;
            }

            await added.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Save(QueuedScan scan)
    {
        string path = Path.Combine(_directory, scan.Id + ".json");
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(scan, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static QueuedScan? Read(string file)
    {
        try
        {
            QueuedScan? scan = JsonSerializer.Deserialize<QueuedScan>(File.ReadAllText(file), Json);
            return scan is { Id.Length: > 0, Name: not null, PlanFile.Length: > 0, State.Length: > 0 } ? scan : null;
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            return null;
        }
    }
}
