using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XrayController.Core.Diagnostics;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Techniques;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl live --connect EP [--out F] [--center X] [--filter F] [--flats preceding|interpolated] [--ring-removal none|sort|mean]
/// [--zinger-removal on|off] [--volume auto|on|off] [--preview z,y,x] [--spectrum-region x0,y0,x1,y1] [--delta-beta R] [--memory-gb G]
/// [--rows A:B [--announce URL [--token-file F]]] [--timeout-s S] [--json]</c>.
/// </summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var connect = new Option<string>("--connect") { Description = "Frame-stream endpoint to subscribe to, e.g. tcp://127.0.0.1:5555.", Required = true };
        var output = new Option<string?>("--out") { Description = "Volume file; default beside the scan file the stream names (NAME_recon.h5), else live_recon.h5." };
        var center = new Option<string>("--center") { Description = "Rotation-axis column, or stream (the start message's), or auto (found from the scan file at the end).", DefaultValueFactory = _ => "stream" };
        var filter = new Option<string>("--filter") { Description = "ramp, shepp-logan, cosine, hamming or hann.", DefaultValueFactory = _ => "shepp-logan" };
        var flats = new Option<string>("--flats") { Description = "preceding (live) or interpolated (whole scan: made from the scan file at the end).", DefaultValueFactory = _ => "preceding" };
        var rings = new Option<string>("--ring-removal") { Description = "none, sort or mean (whole scan: made from the scan file at the end).", DefaultValueFactory = _ => "none" };
        var zingers = new Option<string>("--zinger-removal") { Description = "on or off.", DefaultValueFactory = _ => "on" };
        var volume = new Option<string>("--volume") { Description = "Keep the whole volume live: auto (when it fits the memory budget), on or off.", DefaultValueFactory = _ => "auto" };
        var preview = new Option<string?>("--preview") { Description = "Preview slice positions z,y,x; default the middles." };
        var region = new Option<string?>("--spectrum-region") { Description = "For a series at several energies: the slice rectangle x0,y0,x1,y1 (ends excluded) whose running spectrum is shown; default the sample's pixels." };
        var deltaBeta = new Option<double?>("--delta-beta") { Description = "For a holotomography series: δ/β for the Paganin preview and the homogeneous CTF (default: Paganin with 100, pure-phase CTF)." };
        var rows = new Option<string?>("--rows") { Description = "A slab worker: reconstruct only detector rows A:B (B excluded; even bounds, or B the last row) of a parallel-beam series, beside other workers on the same stream." };
        var announce = new Option<string?>("--announce") { Description = "With --rows: announce this slab worker to the service at URL (e.g. http://instrument:5080), which refuses rows another worker has, and show its slices on the monitor page." };
        var tokenFile = new Option<string?>("--token-file") { Description = "With --announce: the service's token, for a service on another host." };
        var memory = new Option<double>("--memory-gb") { Description = "Memory budget for the live volume.", DefaultValueFactory = _ => 4.0 };
        var timeout = new Option<double>("--timeout-s") { Description = "Give up waiting for a series to start, or for more frames, after this long.", DefaultValueFactory = _ => 60.0 };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("live", "Reconstruct any conforming frame stream while it runs; write the volume when the series ends.")
        {
            connect, output, center, filter, flats, rings, zingers, volume, preview, region, deltaBeta, rows, announce, tokenFile, memory, timeout, json,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            LiveRequest request = Request(
                parse.GetValue(connect)!, parse.GetValue(output), parse.GetValue(center)!, parse.GetValue(filter)!, parse.GetValue(flats)!, parse.GetValue(rings)!,
                parse.GetValue(zingers)!, parse.GetValue(volume)!, parse.GetValue(preview), parse.GetValue(memory), parse.GetValue(timeout)) with
            {
                SpectrumRegion = parse.GetValue(region) is { } text ? Region(text) : null,
                DeltaBeta = parse.GetValue(deltaBeta) is { } ratio && !(ratio > 0 && double.IsFinite(ratio))
                    ? throw new Core.Diagnostics.InputException($"--delta-beta must be a positive number; got {ratio}")
                    : parse.GetValue(deltaBeta),
                Rows = parse.GetValue(rows) is { } window ? Rows(window) : null,
            };
            if (parse.GetValue(tokenFile) is not null && parse.GetValue(announce) is null)
            {
                throw new InputException("--token-file is the service's token for --announce: give --announce too");
            }

            await using WorkerAnnouncer? announcer = parse.GetValue(announce) is { } url
                ? await WorkerAnnouncer.AnnounceAsync(ServiceUri(url), parse.GetValue(tokenFile) is { } file ? TokenFile.Read(file) : null, request.Rows ?? throw new InputException("--announce is for slab workers: give --rows"), request.Endpoint, cancellationToken).ConfigureAwait(false)
                : null;
            using IHost host = XrayctlHost.Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var live = new LiveReconstruction(host.Services.GetRequiredService<TechniqueList>(), host.Services.GetRequiredService<ILogger<LiveReconstruction>>());
            TextWriter progress = parse.InvocationConfiguration.Error;
            live.PreviewUpdated += (slices, counters) => progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live: {slices.Projections} projections reconstructed, {counters.Received} frames received, {counters.PreviewDrops} preview drops"));
            if (announcer is not null)
            {
                live.PreviewUpdated += (slices, _) => announcer.Report(slices);
            }
            live.SpectralPreviewUpdated += (spectral, counters) => progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live: energy {spectral.EnergiesEv.Count} ({(spectral.EnergiesEv.Count > 0 ? spectral.EnergiesEv[^1] : double.NaN):0.#} eV), {counters.Received} frames received, {counters.PreviewDrops} preview drops"));
            LiveResult result = await live.RunAsync(request, cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? LiveResultWriter.JsonText(result) : LiveResultWriter.Line(result)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static LiveRequest Request(string endpoint, string? output, string center, string filter, string flats, string rings, string zingers, string volume, string? preview, double memoryGb, double timeoutS)
    {
        double? centerPx = center is "stream" or "auto" ? null
            : double.TryParse(center, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value
            : throw new InputException($"--center must be stream, auto or a column number; got '{center}'");
        return new LiveRequest(
            endpoint,
            output,
            centerPx,
            center == "auto",
            ReconCommand.FilterOption(filter),
            flats switch
            {
                "interpolated" => FlatMode.Interpolated,
                "preceding" => FlatMode.Preceding,
                _ => throw new InputException($"--flats must be preceding or interpolated; got '{flats}'"),
            },
            ReconCommand.RingRemovalOption(rings),
            zingers == "on" || (zingers == "off" ? false : throw new InputException($"--zinger-removal must be on or off; got '{zingers}'")),
            volume switch
            {
                "auto" => null,
                "on" => true,
                "off" => false,
                _ => throw new InputException($"--volume must be auto, on or off; got '{volume}'"),
            },
            preview is null ? null : Preview(preview),
            memoryGb > 0 ? (long)(memoryGb * 1e9) : throw new InputException($"--memory-gb must be positive; got {memoryGb}"),
            XrayController.Streaming.Subscription.FrameRingBuffer.DefaultCapacity,
            timeoutS > 0 ? TimeSpan.FromSeconds(timeoutS) : throw new InputException($"--timeout-s must be positive; got {timeoutS}"));
    }

    private static (int, int, int, int) Region(string text)
    {
        int[] values = [.. text.Split(',').Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : -1)];
        return values.Length == 4 && values.All(v => v >= 0) && values[2] > values[0] && values[3] > values[1]
            ? (values[0], values[1], values[2], values[3])
            : throw new InputException($"--spectrum-region must be x0,y0,x1,y1 (non-negative integers, x1 > x0, y1 > y0); got '{text}'");
    }

    private static Uri ServiceUri(string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InputException($"--announce must be the service's http:// or https:// address; got '{text}'");

    private static (int First, int End) Rows(string text)
    {
        string[] parts = text.Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int first)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int end)
            && first >= 0 && end > first
            ? (first, end)
            : throw new InputException($"--rows must be A:B (first row, row after the last, B > A >= 0); got '{text}'");
    }

    private static (int, int, int) Preview(string text)
    {
        int[] values = [.. text.Split(',').Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : -1)];
        return values.Length == 3 && values.All(v => v >= 0) ? (values[0], values[1], values[2]) : throw new InputException($"--preview must be z,y,x (three non-negative integers); got '{text}'");
    }
}
