using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using XrayController.Core.Diagnostics;
using XrayController.Host.Monitor;
using XrayController.Reconstruction.Incremental;

namespace XrayController.Host.Cli;

/// <summary>
/// A live slab worker's link to the service (<c>xrayctl live --rows A:B --announce URL</c>): it announces its rows
/// before it subscribes (rows that overlap another worker's are refused, exit 2), reports its axial preview slice at
/// most once a second without holding up the reconstruction, and leaves when the series has ended.
/// </summary>
internal sealed class WorkerAnnouncer : IAsyncDisposable
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;
    private readonly string _id;
    private readonly int _firstRow;
    private DateTime _lastReport = DateTime.MinValue;
    private Task _reporting = Task.CompletedTask;

    private WorkerAnnouncer(HttpClient http, string id, int firstRow) => (_http, _id, _firstRow) = (http, id, firstRow);

    public static async Task<WorkerAnnouncer> AnnounceAsync(Uri service, string? token, (int First, int End) rows, string endpoint, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromSeconds(10) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using HttpResponseMessage response = await http.PostAsJsonAsync("api/workers", new { host = Environment.MachineName, first_row = rows.First, end_row = rows.End, endpoint }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not HttpStatusCode.Created)
            {
                string title = await ProblemTitleAsync(response, cancellationToken).ConfigureAwait(false);
                throw new InputException($"the service at {service} refused the worker ({(int)response.StatusCode}): {title}");
            }

            JsonElement created = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            return new WorkerAnnouncer(http, created.GetProperty("id").GetString()!, rows.First);
        }
        catch (HttpRequestException e)
        {
            http.Dispose();
            throw new InputException($"cannot reach the service at {service} to announce the worker: {e.Message}", e);
        }
        catch (InputException)
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Sends the axial slice when a second has passed since the last report and none is in flight (from the reconstruction thread; never waits).</summary>
    public void Report(PreviewSlices slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (DateTime.UtcNow - _lastReport < ReportInterval || !_reporting.IsCompleted)
        {
            return;
        }

        _lastReport = DateTime.UtcNow;
        MonitorImage image = MonitorImage.Binned(slices.Axial, slices.Size, slices.Size);
        var report = new { projections = slices.Projections, z = _firstRow + slices.Z, rows = image.Rows, columns = image.Columns, bin = image.Bin, data = image.Base64 };
        _reporting = Task.Run(async () =>
        {
            try
            {
                using HttpResponseMessage response = await _http.PutAsJsonAsync($"api/workers/{_id}", report, Json).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The service is a watcher: a report it misses is replaced by the next, and the reconstruction goes on.
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _reporting.ConfigureAwait(false);
            using HttpResponseMessage response = await _http.DeleteAsync($"api/workers/{_id}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Leaving is a courtesy: the service drops a worker it has not heard from.
        }

        _http.Dispose();
    }

    private static async Task<string> ProblemTitleAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty("title").GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body.Length > 0 ? body : response.ReasonPhrase ?? "no reason given";
        }
    }
}
