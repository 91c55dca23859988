using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XrayController.Core.Diagnostics;
using XrayController.Host.Hosting;
using XrayController.Host.Scanning;
using XrayController.Pipelines.Scans;

namespace XrayController.Host.Cli;

/// <summary><c>xrayctl scan PLAN [--instrument P] [--out DIR] [--publish EP] [--wait-subscribers N] [--speed N] [--overwrite] [--live on|off] [--json]</c>.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var plan = new Argument<string>("plan") { Description = "The plan file (YAML)." };
        var instrument = new Option<string?>("--instrument") { Description = "Instrument profile (name or path); overrides the plan's 'instrument'." };
        var output = new Option<string?>("--out") { Description = "Folder for the scan file; default from configuration, 'out'." };
        var publish = new Option<string?>("--publish") { Description = "Frame-stream endpoint (e.g. tcp://127.0.0.1:5555, tcp://127.0.0.1:* for any port), or 'off'." };
        var wait = new Option<int>("--wait-subscribers") { Description = "Hold the scan until this many stream subscribers have connected." };
        var speed = new Option<double>("--speed") { Description = "Run the simulated instrument this many times faster than real time.", DefaultValueFactory = _ => 1.0 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing scan file of the same name." };
        var json = new Option<bool>("--json") { Description = "Print the final summary as one JSON object." };
        var faults = new Option<string?>("--faults") { Description = "Fault-injection file (YAML: faults: [{ device, kind, after }]) for the simulated instrument, added to its profile's faults." };
        var live = new Option<string>("--live") { Description = "Reconstruct while the scan runs (on, the default) or not (off); needs the stream.", DefaultValueFactory = _ => "on" };
        var command = new Command("scan", "Run a plan on the (simulated) instrument: write the HDF5 file, publish the frame stream, show progress.")
        {
            plan, instrument, output, publish, wait, speed, overwrite, json, live, faults,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, () => RunAsync(
            new ScanRequest(parse.GetValue(plan)!, parse.GetValue(instrument), parse.GetValue(output), parse.GetValue(publish), parse.GetValue(wait), parse.GetValue(speed), parse.GetValue(overwrite), parse.GetValue(json), LiveOption(parse.GetValue(live)!)) { FaultsPath = parse.GetValue(faults) },
            parse.InvocationConfiguration,
            cancellationToken)));
        return command;
    }

    private static bool LiveOption(string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new InputException($"--live must be on or off; got '{value}'"),
    };

    private static async Task<int> RunAsync(ScanRequest request, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        if (request.Speed <= 0 || !double.IsFinite(request.Speed))
        {
            throw new InputException($"--speed must be a positive number; got {request.Speed}");
        }

        if (request.WaitSubscribers < 0)
        {
            throw new InputException($"--wait-subscribers must be 0 or more; got {request.WaitSubscribers}");
        }

        using IHost host = XrayctlHost.Build(services => services.AddSingleton<ScanRunner>());
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        ScanSummary summary = await host.Services.GetRequiredService<ScanRunner>().RunAsync(request, console.Error, cancellationToken).ConfigureAwait(false);
        await console.Output.WriteLineAsync(request.Json ? ScanSummaryWriter.Json(summary) : ScanSummaryWriter.Line(summary)).ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (ScanSummaryWriter.Succeeded(summary))
        {
            return ExitCodes.Success;
        }

        await console.Error.WriteLineAsync($"xrayctl: scan {summary.Ended.Status.ToString().ToLowerInvariant()}: {summary.Ended.Reason}; {summary.Ended.Acquired.Total} of {summary.Planned.Total} frames are in {summary.RawFile}").ConfigureAwait(false);
        return ExitCodes.Failure;
    }
}
