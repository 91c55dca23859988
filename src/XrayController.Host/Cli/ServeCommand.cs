using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using XrayController.Core.Diagnostics;
using XrayController.Host.Service;

namespace XrayController.Host.Cli;

/// <summary><c>xrayctl serve [--urls URL] [--state DIR] [--out DIR] [--speed N] [--publish EP] [--token-file F]</c>: the instrument service until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where the HTTP API listens (loopback by default).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var state = new Option<string>("--state") { Description = "Folder of the service's state (the scan queue); it survives restarts.", DefaultValueFactory = _ => "xrayctl-state" };
        var output = new Option<string?>("--out") { Description = "Folder for scan files; default from configuration, 'out'." };
        var speed = new Option<double>("--speed") { Description = "Run the simulated instrument this many times faster than real time.", DefaultValueFactory = _ => 1.0 };
        var publish = new Option<string?>("--publish") { Description = "Frame-stream endpoint of the scans (tcp://127.0.0.1:* for any free port); default from configuration." };
        var tokenFile = new Option<string?>("--token-file") { Description = "A file holding the token that lets other hosts use the API and the page (Authorization: Bearer, or ?token= once on the page)." };
        var command = new Command("serve", "Run the instrument service: a scan queue, its HTTP API, the live monitor page at / and Prometheus metrics at /metrics.")
        {
            urls, state, output, speed, publish, tokenFile,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            double s = parse.GetValue(speed);
            if (s <= 0 || !double.IsFinite(s))
            {
                throw new InputException($"--speed must be a positive number; got {s}");
            }

            var settings = new ServiceSettings(Path.GetFullPath(parse.GetValue(state)!), parse.GetValue(output), s, parse.GetValue(publish), ReadToken(parse.GetValue(tokenFile)));
            await using WebApplication app = ServiceHost.Build(parse.GetValue(urls)!, settings);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"xrayctl serve: listening on {string.Join(", ", app.Urls)}").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: the service stops; a scan under way is aborted safely by the host's shutdown.
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The token from its file (first line, trimmed), at least 16 characters; null without a file.</summary>
    private static string? ReadToken(string? path)
    {
        if (path is null)
        {
            return null;
        }

        string token = TokenFile.Read(path);
        return token.Length >= 16 ? token : throw new InputException($"{path}: the token must be at least 16 characters on the first line; it has {token.Length}");
    }
}
