using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using XrayController.Core.Diagnostics;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl monitor [--connect URL] [--token-file F] [--until-done] [--json]</c>: the service's running scan in the
/// terminal (for ssh sessions): progress, times, rate, drops, ring buffer, the devices, from the same event stream as the
/// page. On a terminal a live table; redirected, one plain line a second and a last line when the scan ends; with
/// --json, one JSON object a line at the same pace.
/// </summary>
internal static class MonitorCommand
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var connect = new Option<string>("--connect") { Description = "The service's address.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var tokenFile = new Option<string?>("--token-file") { Description = "The service's token, for a service on another host." };
        var untilDone = new Option<bool>("--until-done") { Description = "Exit when the scan being shown ends (exit code 1 unless it completed)." };
        var json = new Option<bool>("--json") { Description = "One JSON object a second (JSON Lines): the scan's state as the page receives it, with the queued count." };
        var command = new Command("monitor", "Watch the service's running scan in the terminal: progress, rates, drops, devices.")
        {
            connect, tokenFile, untilDone, json,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            Uri address = Uri.TryCreate(parse.GetValue(connect), UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new InputException($"--connect must be an http(s) address such as http://127.0.0.1:5080; got '{parse.GetValue(connect)}'");
            using var http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
            if (parse.GetValue(tokenFile) is { } file)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFile.Read(file));
            }

            return await WatchAsync(http, parse.InvocationConfiguration.Output, parse.GetValue(untilDone), parse.GetValue(json), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> WatchAsync(HttpClient http, TextWriter output, bool untilDone, bool json, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync("/api/monitor/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"cannot reach the service at {http.BaseAddress}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"the service at {http.BaseAddress} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            bool terminal = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            IAsyncEnumerable<SseItem<JsonElement>> updates = SseParser.Create(stream, (_, data) => JsonSerializer.Deserialize<JsonElement>(data)).EnumerateAsync(cancellationToken);
            return terminal && !json
                ? await ShowLiveAsync(console, updates, untilDone).ConfigureAwait(false)
                : await PrintLinesAsync(output, updates, untilDone, json ? Json : Line).ConfigureAwait(false);
        }
    }

    private static async Task<int> ShowLiveAsync(IAnsiConsole console, IAsyncEnumerable<SseItem<JsonElement>> updates, bool untilDone)
    {
        int exit = ExitCodes.Success;
        await console.Live(new Text("waiting for the service…")).StartAsync(async context =>
        {
            string? followed = null;
            await foreach (SseItem<JsonElement> update in updates.ConfigureAwait(false))
            {
                context.UpdateTarget(Render(update.Data));
                context.Refresh();
                if (Ended(update.Data, ref followed) is { } status && untilDone)
                {
                    exit = status == "completed" ? ExitCodes.Success : ExitCodes.Failure;
                    return;
                }
            }
        }).ConfigureAwait(false);
        return exit;
    }

    private static async Task<int> PrintLinesAsync(TextWriter output, IAsyncEnumerable<SseItem<JsonElement>> updates, bool untilDone, Func<JsonElement, string> line)
    {
        DateTime next = DateTime.MinValue;
        string? followed = null;
        await foreach (SseItem<JsonElement> update in updates.ConfigureAwait(false))
        {
            string? ended = Ended(update.Data, ref followed);
            if (DateTime.UtcNow >= next || ended is not null)
            {
                await output.WriteLineAsync(line(update.Data)).ConfigureAwait(false);
                next = DateTime.UtcNow + LineInterval;
            }

            if (ended is not null && untilDone)
            {
                return ended == "completed" ? ExitCodes.Success : ExitCodes.Failure;
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>The final state of the scan this monitor has been showing once it has ended and its files are written (a scan it saw running), else null.</summary>
    private static string? Ended(JsonElement update, ref string? followed)
    {
        if (!update.TryGetProperty("scan", out JsonElement scan))
        {
            return null;
        }

        string state = scan.GetProperty("state").GetString()!;
        string id = scan.GetProperty("id").GetString()!;
        if (state is "completed" or "failed" or "aborted")
        {
            return followed == id && !scan.GetProperty("finishing").GetBoolean() ? state : null;
        }

        followed = id;
        return null;
    }

    /// <summary><c>{ scan, queued }</c>: the update's scan object (null before the first scan) and how many scans wait.</summary>
    private static string Json(JsonElement update) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["scan"] = update.TryGetProperty("scan", out JsonElement scan) ? scan : null,
            ["queued"] = Queued(update),
        });

    private static string Line(JsonElement update)
    {
        if (!update.TryGetProperty("scan", out JsonElement s))
        {
            return $"no scan yet; {Queued(update)} queued";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{s.GetProperty("name").GetString()} {s.GetProperty("state").GetString()}{Hold(s)}{Finishing(s)}: frames {s.GetProperty("frames_done").GetInt32()}/{s.GetProperty("frames_total").GetInt32()} ({s.GetProperty("percent").GetDouble():0.0} %), " +
            $"{Clock(s.GetProperty("elapsed_s"))} elapsed, {Clock(s.GetProperty("remaining_s"))} left{Estimated(s)}, {s.GetProperty("rate_fps").GetDouble():0.0} frames/s, " +
            $"dropped {s.GetProperty("dropped").GetInt64()}, reconstructed {s.GetProperty("reconstructed").GetInt64()}, ring {Ring(s)}; {Queued(update)} queued");
    }

    /// <summary>", after the scan: STAGE" while the work after the acquisition runs (an older service gives no stage).</summary>
    private static string Finishing(JsonElement scan) =>
        !scan.GetProperty("finishing").GetBoolean() ? string.Empty
        : scan.TryGetProperty("stage", out JsonElement stage) && stage.ValueKind == JsonValueKind.String ? $", after the scan: {stage.GetString()}" : ", finishing";

    /// <summary>" (estimate)" while the time left is the dry run's, before the scan's pace is measured (an older service does not say: its figure is the dry run's).</summary>
    private static string Estimated(JsonElement scan) =>
        scan.TryGetProperty("remaining_measured", out JsonElement measured) && measured.ValueKind == JsonValueKind.True ? string.Empty : " (estimate)";

    private static IRenderable Render(JsonElement update)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        if (!update.TryGetProperty("scan", out JsonElement s))
        {
            return table.AddRow("scan", "none yet").AddRow("queued", Queued(update).ToString(CultureInfo.InvariantCulture));
        }

        double percent = s.GetProperty("percent").GetDouble();
        table.Title = new TableTitle($"{Markup.Escape(s.GetProperty("name").GetString()!)}: {Markup.Escape(s.GetProperty("state").GetString()! + Hold(s) + Finishing(s))}");
        table.AddRow(new Text("progress"), new BreakdownChart().Width(40).HideTags().AddItem("done", percent, Color.Green).AddItem("left", 100 - percent, Color.Grey));
        table.AddRow("frames", string.Create(CultureInfo.InvariantCulture, $"{s.GetProperty("frames_done").GetInt32()} / {s.GetProperty("frames_total").GetInt32()} ({percent:0.0} %)"));
        table.AddRow("elapsed / left", $"{Clock(s.GetProperty("elapsed_s"))} / {Clock(s.GetProperty("remaining_s"))}{Estimated(s)}");
        table.AddRow("frame rate", string.Create(CultureInfo.InvariantCulture, $"{s.GetProperty("rate_fps").GetDouble():0.0} frames/s"));
        table.AddRow("dropped", $"{s.GetProperty("dropped").GetInt64()} (gaps {s.GetProperty("transport_gaps").GetInt64()}, ring {s.GetProperty("preview_drops").GetInt64()})");
        table.AddRow("reconstructed", $"{s.GetProperty("reconstructed").GetInt64()} of {s.GetProperty("received").GetInt64()} received, {s.GetProperty("published").GetInt64()} published; ring {Ring(s)}");
        if (update.TryGetProperty("devices", out JsonElement devices))
        {
            foreach (JsonProperty device in devices.EnumerateObject().Where(p => p.Name is not ("frame" or "read_at")))
            {
                table.AddRow(Markup.Escape(device.Name), Markup.Escape(device.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? device.Value.GetRawText() : device.Value.ToString()));
            }
        }

        return table.AddRow("queued", Queued(update).ToString(CultureInfo.InvariantCulture));
    }

    private static int Queued(JsonElement update) =>
        update.TryGetProperty("queue", out JsonElement queue) ? queue.EnumerateArray().Count(s => s.GetProperty("state").GetString() == "queued") : 0;

    private static string Hold(JsonElement scan) =>
        scan.TryGetProperty("hold", out JsonElement hold) && hold.ValueKind == JsonValueKind.String ? $" ({hold.GetString()})" : string.Empty;

    private static string Ring(JsonElement scan) =>
        scan.GetProperty("ring_capacity").ValueKind == JsonValueKind.Number ? $"{scan.GetProperty("ring_waiting").GetInt32()}/{scan.GetProperty("ring_capacity").GetInt32()}" : "none";

    private static string Clock(JsonElement seconds) =>
        seconds.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(Math.Round(seconds.GetDouble())).ToString("c", CultureInfo.InvariantCulture) : "-";
}
