using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace XrayController.Host.Service;

/// <summary>
/// Live slab workers' side of the API: <c>POST /api/workers</c> announces one (its rows refused with 409 when they
/// overlap another's), <c>PUT /api/workers/{id}</c> takes its report, <c>DELETE</c> lets it go, <c>GET</c> lists them
/// (without their images; the monitor's updates carry those).
/// </summary>
internal static class WorkerApi
{
    public static void Map(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/workers");
        api.MapPost(string.Empty, (WorkerAnnouncement announced, SlabWorkers workers) =>
            workers.Register(announced, out string? refusal) is { } worker
                ? Results.Created($"/api/workers/{worker.Id}", Describe(worker))
                : Results.Problem(statusCode: refusal!.Contains("overlap", StringComparison.Ordinal) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, title: refusal));
        api.MapGet(string.Empty, (SlabWorkers workers) => Results.Ok(workers.Active.Select(Describe)));
        api.MapPut("/{id}", (string id, WorkerReport report, SlabWorkers workers) =>
            workers.Report(id, report, out string? refusal) ? Results.NoContent()
            : Results.Problem(statusCode: refusal!.StartsWith("no worker", StringComparison.Ordinal) ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, title: refusal));
        api.MapDelete("/{id}", (string id, SlabWorkers workers) =>
            workers.Remove(id) ? Results.NoContent() : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"no worker {id} is registered"));
    }

    /// <summary>A worker as the API lists it.</summary>
    public static Dictionary<string, object?> Describe(SlabWorker worker) => new()
    {
        ["id"] = worker.Id,
        ["host"] = worker.Announced.Host,
        ["first_row"] = worker.Announced.FirstRow,
        ["end_row"] = worker.Announced.EndRow,
        ["endpoint"] = worker.Announced.Endpoint,
        ["registered"] = worker.Registered,
        ["last_seen"] = worker.LastSeen,
        ["projections"] = worker.Latest?.Projections,
        ["z"] = worker.Latest?.Z,
    };
}
