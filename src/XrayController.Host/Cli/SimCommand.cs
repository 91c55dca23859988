using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XrayController.Acquisition.Planning;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Host.Hosting;
using XrayController.Host.Output;
using XrayController.Simulators;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl sim [--instrument P] [--speed N] [--stage-port N] [--detector-port N] [--profile-out FILE]</c>: the simulated
/// instrument as its own process. It prints its endpoints as one JSON object (the <c>devices</c> section a profile
/// needs to reach them), optionally writes that profile, and serves until Ctrl-C or SIGTERM.
/// </summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var instrument = new Option<string>("--instrument") { Description = "Simulated instrument profile (name or path).", DefaultValueFactory = _ => "demo" };
        var speed = new Option<double>("--speed") { Description = "Run this many times faster than real time (use the same --speed for the scan).", DefaultValueFactory = _ => 1.0 };
        var stagePort = new Option<int>("--stage-port") { Description = "TCP port of the stage (0: any free port)." };
        var detectorPort = new Option<int>("--detector-port") { Description = "HTTP port of the detector (0: any free port)." };
        var profileOut = new Option<string?>("--profile-out") { Description = "Write a copy of the profile whose devices section points at this simulator." };
        var command = new Command("sim", "Run the simulated instrument as its own process and print its endpoints as JSON.")
        {
            instrument, speed, stagePort, detectorPort, profileOut,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, () => RunAsync(
            parse.GetValue(instrument)!,
            parse.GetValue(speed),
            new InstrumentSimulatorOptions(parse.GetValue(stagePort), parse.GetValue(detectorPort)),
            parse.GetValue(profileOut),
            parse.InvocationConfiguration.Output,
            cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string instrument, double speed, InstrumentSimulatorOptions options, string? profileOut, TextWriter output, CancellationToken cancellationToken)
    {
        if (speed <= 0 || !double.IsFinite(speed))
        {
            throw new InputException($"--speed must be a positive number; got {speed}");
        }

        using IHost host = XrayctlHost.Build();
        InstrumentCatalog catalog = host.Services.GetRequiredService<InstrumentCatalog>();
        InstrumentBuilder builder = host.Services.GetRequiredService<InstrumentBuilder>();
        InstrumentProfile profile = catalog.Load(instrument);
        string? reason = !profile.Simulated ? "it is a real instrument"
            : profile.Safety is not null || profile.EnvironmentSensor is not null ? "its safety lines (GPIO) or environment sensor (I2C) are on this machine's buses, which only a scan's own simulated instrument can serve (run xrayctl scan without a devices section)"
            : SimulationScene.WhyNotSimulatable(profile);
        if (reason is not null)
        {
            throw new InputException($"cannot simulate instrument '{profile.Name}': {reason}");
        }

        await using InstrumentSimulator simulator = await builder.StartSimulatorAsync(profile, new ScaledTimeProvider(speed), options, cancellationToken).ConfigureAwait(false);
        JsonObject devices = DeviceConnectionsJson.ToJson(simulator.Connections);
        if (profileOut is not null)
        {
            await WriteProfileAsync(catalog.Find(instrument, planDirectory: null), devices, profileOut).ConfigureAwait(false);
        }

        var endpoints = new JsonObject
        {
            ["instrument"] = profile.Name,
            ["speed"] = speed,
            ["pid"] = Environment.ProcessId,
            ["stage_serial_port"] = simulator.StagePseudoTerminal,
            ["profile"] = profileOut is null ? null : Path.GetFullPath(profileOut),
            ["devices"] = devices.DeepClone(),
        };
        await output.WriteLineAsync(endpoints.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: the servers close with the simulator.
        }

        return ExitCodes.Success;
    }

    private static async Task WriteProfileAsync(ProfileLookup lookup, JsonObject devices, string path)
    {
        JsonNode profile = JsonNode.Parse(lookup.Text!, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        profile["devices"] = devices.DeepClone();
        profile["description"] = string.Create(CultureInfo.InvariantCulture, $"{profile["description"]} (served by xrayctl sim, process {Environment.ProcessId})");
        await File.WriteAllTextAsync(path, profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
    }
}
