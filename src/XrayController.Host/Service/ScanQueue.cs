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

    public int FramesAcquired { get; init; }

    public int FramesPlanned { get; init; }

    [JsonIgnore]
    public bool Finished => State is Completed or Failed or Aborted or Cancelled or Interrupted;
}

/// <summary>
/// The service's scan queue, kept on disk (<c>STATE/queue/ID.json</c> and the plan as <c>ID.yaml</c>) so that it
/// survives a restart: one entry per submitted scan, in submission order; a scan found running at start-up was cut off
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

        _scans.Sort((a, b) => a.SubmittedAt.CompareTo(b.SubmittedAt));
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
        var scan = new QueuedScan(id, name, planFile, QueuedScan.Queued, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            _scans.Add(scan);
            Save(scan);
            _added.TrySetResult();
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return scan;
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
