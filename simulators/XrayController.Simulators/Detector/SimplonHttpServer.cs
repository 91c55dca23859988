using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using XrayController.Protocols.Simplon;

namespace XrayController.Simulators.Detector;

/// <summary>The simulated detector's REST front: Kestrel on loopback, routes of the SIMPLON subset mapped onto the model.</summary>
internal sealed class SimplonHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimplonHttpServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SimplonHttpServer> StartAsync(SimplonDetectorSimulator detector, int port, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        WebApplication app = builder.Build();
        app.MapGet(SimplonApi.VersionPath, () => Results.Json(new { value = SimplonApi.ApiVersion, value_type = "string" }));
        app.MapGet(SimplonApi.StatePath, () => Reply(detector.Handle(() => SimplonResult.Ok(new { value = detector.State, value_type = "string" }))));
        app.MapGet(SimplonApi.ConfigPath("{key}"), (string key) => Reply(detector.Handle(() => detector.GetConfig(key))));
        app.MapPut(SimplonApi.ConfigPath("{key}"), async (string key, HttpRequest request) =>
        {
            (object? value, string? problem) = await ReadValueAsync(request).ConfigureAwait(false);
            return Reply(problem is not null ? SimplonResult.BadRequest(problem) : detector.Handle(() => detector.SetConfig(key, value)));
        });
        app.MapPut(SimplonApi.CommandPath("{command}"), async (string command, HttpRequest request, CancellationToken aborted) =>
        {
            (object? value, string? problem) = await ReadValueAsync(request, optional: true).ConfigureAwait(false);
            if (problem is not null)
            {
                return Reply(SimplonResult.BadRequest(problem));
            }

            if (detector.Faults.TakeRequestFailure() is { } status)
            {
                return Reply(new SimplonResult(status, $"injected fault: HTTP {status}"));
            }

            return Reply(await detector.CommandAsync(command, value as double?, aborted).ConfigureAwait(false));
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string url = app.Urls.First().TrimEnd('/');
        return new SimplonHttpServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static IResult Reply(SimplonResult result) => result.Status == 200
        ? result.Body is null ? Results.Ok() : Results.Json(result.Body)
        : Results.Text(result.Body as string ?? string.Empty, "text/plain", statusCode: result.Status);

    /// <summary>
    /// The <c>value</c> of a <c>{"value": …}</c> body (sent with a length or chunked): numbers as double, strings,
    /// booleans; a problem text otherwise. An empty body is no value when <paramref name="optional"/>.
    /// </summary>
    private static async Task<(object? Value, string? Problem)> ReadValueAsync(HttpRequest request, bool optional = false)
    {
        using var reader = new StreamReader(request.Body);
        string text = await reader.ReadToEndAsync().ConfigureAwait(false);
        if (optional && text.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using JsonDocument body = JsonDocument.Parse(text);
            if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("value", out JsonElement value))
            {
                return (null, "the body must be a JSON object with a 'value'");
            }

            return value.ValueKind switch
            {
                JsonValueKind.Number => (value.GetDouble(), null),
                JsonValueKind.String => (value.GetString(), null),
                JsonValueKind.True => (true, null),
                JsonValueKind.False => (false, null),
                _ => (null, $"'value' must be a number, a string or a boolean; got {value.ValueKind}"),
            };
        }
        catch (JsonException e)
        {
            return (null, $"the body is not JSON: {e.Message}");
        }
    }
}
