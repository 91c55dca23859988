using System.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Devices.Errors;
using XrayController.Devices.Transports;
using XrayController.Host.Hosting;
using XrayController.Protocols.Ensemble;
using XrayController.Protocols.Gcs;
using XrayController.Simulators;

namespace XrayController.Host.Bench;

/// <summary>Round trips of one link: how many, how many failed, and the median and 99th percentile in microseconds.</summary>
public sealed record LinkFigures(string Link, string Command, int RoundTrips, int Errors, double MedianUs, double P99Us);

/// <summary>
/// Command round trips to the simulated instrument's servers through the drivers' own transports: the stage's position
/// query over its pseudo-terminal and over TCP, a GCS position query over a pseudo-terminal. Every reply is parsed and
/// checked; a reply that is not the expected one counts as an error.
/// </summary>
internal static class DeviceBench
{
    public static async Task<IReadOnlyList<LinkFigures>> RunAsync(InstrumentBuilder builder, InstrumentProfile profile, int roundTrips, CancellationToken cancellationToken)
    {
        await using InstrumentSimulator simulator = await builder.StartSimulatorAsync(profile, TimeProvider.System, null, cancellationToken).ConfigureAwait(false);
        DeviceConnections links = simulator.Connections;
        var figures = new List<LinkFigures>
        {
            await MeasureAsync("stage, pseudo-terminal", links.Stage with { Port = simulator.StagePseudoTerminal }, EnsembleCommands.PositionFeedback(0), IsEnsembleNumber, roundTrips, cancellationToken).ConfigureAwait(false),
            await MeasureAsync("stage, TCP", links.Stage with { Port = simulator.StageTcpAddress }, EnsembleCommands.PositionFeedback(0), IsEnsembleNumber, roundTrips, cancellationToken).ConfigureAwait(false),
        };
        if (links.Axes.Values.FirstOrDefault() is { } axis)
        {
            figures.Add(await MeasureAsync("GCS axis, pseudo-terminal", axis, GcsCommands.Position("1"), line => GcsReply.TryGetAxisValue(line, "1", out _), roundTrips, cancellationToken).ConfigureAwait(false));
        }

        return figures;
    }

    private static bool IsEnsembleNumber(string line) =>
        EnsembleReply.TryParse(line, out EnsembleReply reply) && reply.Kind == EnsembleReplyKind.Acknowledged && reply.TryGetNumber(out _);

    private static async Task<LinkFigures> MeasureAsync(string name, DeviceLink link, string command, Func<string, bool> valid, int roundTrips, CancellationToken cancellationToken)
    {
        TimeSpan timeout = TimeSpan.FromSeconds(DeviceConnections.DefaultCommandTimeoutS);
        await using var channel = new CommandChannel(await LineTransports.OpenAsync(link, name, timeout, cancellationToken).ConfigureAwait(false), name, timeout);
        for (int i = 0; i < Math.Min(100, roundTrips); i++)
        {
            await channel.QueryAsync(command, cancellationToken).ConfigureAwait(false);
        }

        var micros = new double[roundTrips];
        int errors = 0;
        for (int i = 0; i < roundTrips; i++)
        {
            long start = Stopwatch.GetTimestamp();
            try
            {
                errors += valid(await channel.QueryAsync(command, cancellationToken).ConfigureAwait(false)) ? 0 : 1;
            }
            catch (DeviceException)
            {
                errors++;
            }

            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(micros);
        return new LinkFigures(name, command, roundTrips, errors, micros[roundTrips / 2], micros[Math.Min(roundTrips - 1, (int)(roundTrips * 0.99))]);
    }
}
