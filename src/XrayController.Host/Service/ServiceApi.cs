using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using XrayController.Acquisition.Planning;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Host.Hosting;
using XrayController.Storage;

namespace XrayController.Host.Service;

/// <summary>
/// The service's HTTP API: submit a plan (<c>POST /api/scans</c>, YAML or JSON; checked as <c>xrayctl plan check</c>
/// checks it, problems returned as problem details with line, column and field), list and read scans, pause, resume,
/// abort a running one, cancel or move a queued one, read a finished one's outputs (its report, figures and files), and health. Who may ask is decided by <see cref="AccessControl"/>.
/// </summary>
internal static class ServiceApi
{
    public const long MaxPlanBytes = 1 << 20;

    public static void Map(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api");
        api.MapPost("/scans", SubmitAsync);
        api.MapGet("/scans", (ScanService service) => Results.Ok(service.Scans));
        api.MapGet("/scans/{id}", (string id, ScanService service) => service.Find(id) is { } scan ? Results.Ok(scan) : NotFound(id));
        api.MapGet("/scans/{id}/outputs/{**path}", (string id, string path, ScanService service) => Output(service.Find(id), id, path));
        api.MapPost("/scans/{id}/pause", (string id, ScanService service, ScanQueue queue) => Outcome(service.Pause(id), id, queue, "pause"));
        api.MapPost("/scans/{id}/resume", (string id, ScanService service, ScanQueue queue) => Outcome(service.Resume(id), id, queue, "resume"));
        api.MapPost("/scans/{id}/abort", (string id, ScanService service, ScanQueue queue) => Outcome(service.Abort(id), id, queue, "abort"));
        api.MapPost("/scans/{id}/move", (string id, QueuePosition to, ScanService service, ScanQueue queue) => Outcome(service.Move(id, to.Position), id, queue, "move in the queue"));
        api.MapDelete("/scans/{id}", (string id, ScanService service, ScanQueue queue) => Outcome(service.Cancel(id), id, queue, "cancel"));
        api.MapGet("/health", (ScanService service, ScanQueue queue) => Results.Ok(new Dictionary<string, object?>
        {
            ["status"] = "ok",
            ["running"] = service.RunningId,
            ["queued"] = queue.All.Count(s => s.State == QueuedScan.Queued),
        }));
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, ScanQueue queue, InstrumentCatalog catalog, ServiceSettings settings)
    {
        string? type = request.ContentType?.Split(';')[0].Trim();
        if (type is not ("application/yaml" or "application/x-yaml" or "text/yaml" or "application/json"))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: $"send the plan as application/yaml or application/json, not {type ?? "no content type"}");
        }

        if (request.ContentLength > MaxPlanBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"a plan is at most {MaxPlanBytes} bytes");
        }

        using var reader = new StreamReader(request.Body);
        char[] buffer = new char[MaxPlanBytes + 1];
        int read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (read > MaxPlanBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"a plan is at most {MaxPlanBytes} bytes");
        }

        string text = new(buffer, 0, read);
        string output = settings.OutputDirectory ?? "out";
        PlanCheckReport report = PlanCheck.Run(PlanReader.Read(text, "request"), name => catalog.Find(name, null), null, DiskSpace.FreeBytes(output), output);
        Diagnostic[] violations = [.. report.Violations];
        if (violations.Length > 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: $"the plan is not valid: {violations.Length} violation{(violations.Length == 1 ? string.Empty : "s")}",
                detail: violations[0].ToString(),
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = violations.Select(d => new Dictionary<string, object?>
                    {
                        ["source"] = d.Source,
                        ["line"] = d.Location.Line,
                        ["column"] = d.Location.Column,
                        ["field"] = d.Path,
                        ["message"] = d.Message,
                    }).ToArray(),
                });
        }

        QueuedScan scan = queue.Add(report.Scan!.Plan.Name, text);
        return Results.Created($"/api/scans/{scan.Id}", scan);
    }

    private static IResult Outcome(ControlOutcome outcome, string id, ScanQueue queue, string action) => outcome switch
    {
        ControlOutcome.Done => Results.Ok(queue.Find(id)),
        ControlOutcome.NotFound => NotFound(id),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"scan {id} is {queue.Find(id)?.State}: it cannot {action}"),
    };

    /// <summary>
    /// One of a scan's outputs, named from the scan file's folder (<c>NAME_report.html</c>, <c>NAME_recon_figures/slice_xy.png</c>):
    /// only what its report lists is served, so no other file on the host can be asked for.
    /// </summary>
    private static IResult Output(QueuedScan? scan, string id, string path)
    {
        if (scan?.RawFile is not { } raw)
        {
            return scan is null ? NotFound(id) : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"scan {id} has no outputs yet");
        }

        string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(raw))!, path));
        return scan.Outputs.Contains(full, StringComparer.Ordinal) && File.Exists(full)
            ? Results.File(full, ContentType(full))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"scan {id} has no output {path}");
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".json" => "application/json",
        ".csv" => "text/csv; charset=utf-8",
        ".h5" => "application/x-hdf5",
        _ => "application/octet-stream",
    };

    internal sealed record QueuePosition(int Position);

    private static IResult NotFound(string id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"no scan {id}");
}
