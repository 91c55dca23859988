using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using XrayController.Host.Monitor;

namespace XrayController.Host.Service;

/// <summary>
/// The monitor's side of the API: the page itself (<c>/</c>), its updates as server-sent events four times a second
/// (<c>/api/monitor/events</c>; the same update once at <c>/api/monitor</c>, every image included; the queue in them is
/// every scan not finished and the last finished ones; the live slab workers with their latest slices), the choices of
/// slice position, sinogram row and spectrum region, and the devices.
/// </summary>
internal static class MonitorApi
{
    private static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Finished scans an update lists (the latest ones); GET /api/scans has them all.</summary>
    private const int ShownFinished = 20;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly MonitorVersions Nothing = new(0, 0, 0, 0);
    private static readonly MonitorVersions NoImages = new(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue);

    public static void Map(WebApplication app)
    {
        MonitorPage.Map(app);
        RouteGroupBuilder api = app.MapGroup("/api");
        api.MapGet("/monitor", (ScanService service, SlabWorkers workers) => Results.Text(Update(service.Monitor, Nothing, service.Scans, workers, 0).Update.ToJsonString(), "application/json"));
        api.MapGet("/monitor/events", (ScanService service, SlabWorkers workers, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(UpdatesAsync(service, workers, cancellationToken), "update"));
        api.MapPost("/monitor/slices", (SlicePosition at, ScanService service) =>
            Choice(service.Monitor, m => m.MoveSlices(at.Z, at.Y, at.X)));
        api.MapPost("/monitor/sinogram", (SinogramRow choice, ScanService service) =>
            Choice(service.Monitor, m => m.ChooseSinogramRow(choice.Row)));
        api.MapPost("/monitor/spectrum", (SpectrumRegion region, ScanService service) =>
            Choice(service.Monitor, m => m.ChooseRegion(region.X0, region.Y0, region.X1, region.Y1)));
        api.MapGet("/devices", (ScanService service) =>
        {
            JsonObject devices = service.Monitor is { } monitor && service.RunningId == monitor.Id
                ? monitor.Describe(NoImages).Update["devices"]!.AsObject()
                : new JsonObject { ["note"] = "no scan is running: the instrument is connected only while one runs" };
            devices["scan"] = service.RunningId;
            return Results.Text(devices.ToJsonString(), "application/json");
        });
    }

    /// <summary>One update per interval for as long as the page listens; images only when they changed since this connection last sent them.</summary>
    private static async IAsyncEnumerable<string> UpdatesAsync(ScanService service, SlabWorkers workers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ScanMonitor? shown = null;
        MonitorVersions seen = Nothing;
        long count = 0;
        using var timer = new PeriodicTimer(UpdateInterval);
        do
        {
            ScanMonitor? monitor = service.Monitor;
            if (!ReferenceEquals(monitor, shown))
            {
                (shown, seen) = (monitor, Nothing);
            }

            (JsonObject update, seen) = Update(monitor, seen, service.Scans, workers, count++);
            yield return update.ToJsonString();
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private static (JsonObject Update, MonitorVersions Versions) Update(ScanMonitor? monitor, MonitorVersions seen, IReadOnlyList<QueuedScan> all, SlabWorkers workers, long count)
    {
        (JsonObject update, MonitorVersions versions) = monitor?.Describe(seen) ?? ([], Nothing);
        update["n"] = count;
        update["sent_ms"] = ScanMonitor.UnixMs();
        HashSet<string> latest = [.. all.Where(s => s.Finished).TakeLast(ShownFinished).Select(s => s.Id)];
        update["queue"] = JsonSerializer.SerializeToNode(all.Where(s => !s.Finished || latest.Contains(s.Id)), Json);
        update["workers"] = new JsonArray([.. workers.Active.Select(Worker)]);
        return (update, versions);
    }

    /// <summary>A worker as the page shows it: its rows and host, and its latest axial slice as the monitor's images are sent.</summary>
    private static JsonObject Worker(SlabWorker worker)
    {
        JsonObject described = JsonSerializer.SerializeToNode(WorkerApi.Describe(worker), Json)!.AsObject();
        if (worker.Latest is { } report)
        {
            described["axial"] = new JsonObject { ["rows"] = report.Rows, ["columns"] = report.Columns, ["bin"] = report.Bin, ["data"] = report.Data };
        }

        return described;
    }

    private static IResult Choice(ScanMonitor? monitor, Func<ScanMonitor, Refusal?> choose) =>
        monitor is null ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "no scan has run yet")
        : choose(monitor) is { } refusal ? Results.Problem(statusCode: refusal.BadInput ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, title: refusal.Why)
        : Results.NoContent();

    internal sealed record SlicePosition(int Z, int Y, int X);

    internal sealed record SinogramRow(int Row);

    internal sealed record SpectrumRegion(int X0, int Y0, int X1, int Y1);
}
