using CsCheck;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Protocols.Ensemble;
using XrayController.Tests.Shared;

namespace XrayController.Simulators.Tests;

/// <summary>
/// The simulated stage's command side, fed mutated commands from the conformance transcripts (and random bytes) over
/// its real TCP socket: every line gets one well-formed Ensemble reply, and the stage still answers a position query
/// afterwards. Sockets take a round trip each, so this runs a tenth of the other parsers' inputs.
/// </summary>
public sealed class CommandFuzzTests : IAsyncLifetime
{
    private readonly VirtualClock _clock = new(DateTimeOffset.UnixEpoch);
    private InstrumentSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        InstrumentProfile profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo").Profile!;
        _simulator = await InstrumentSimulator.StartAsync(profile, _clock, null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public void The_stage_answers_every_mangled_command_line_with_a_reply_and_keeps_working()
    {
        string[] commands =
        [
            .. new[] { "ensemble-step.txt", "ensemble-fly.txt", "ensemble-errors.txt" }
                .SelectMany(name => File.ReadAllLines(ConformanceTranscript.PathOf(name)))
                .Where(line => line.StartsWith("> ", StringComparison.Ordinal))
                .Select(line => line[2..])
                .Distinct(),
        ];
        string address = _simulator.StageTcpAddress[DeviceLink.TcpScheme.Length..];
        using var client = new TcpClient();
        client.Connect(address[..address.LastIndexOf(':')], int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        NetworkStream stream = client.GetStream();
        var gate = new Lock();
        Gen(commands, line =>
        {
            lock (gate)
            {
                byte[] bytes = Encoding.ASCII.GetBytes(line + "\n");
                stream.Write(bytes);
                string? reply = reader.ReadLine();
                Assert.True(reply is not null && EnsembleReply.TryParse(reply, out _), $"'{line}' got '{reply}'");
            }
        });

        stream.Write(Encoding.ASCII.GetBytes("PFBKPROG(@0)\n"));
        Assert.True(EnsembleReply.TryParse(reader.ReadLine()!, out EnsembleReply position) && position.Kind == EnsembleReplyKind.Acknowledged, "the stage stopped answering");
    }

    /// <summary>Mutated command lines: printable ASCII without line breaks (one line, one reply), not empty.</summary>
    private static void Gen(string[] commands, Action<string> send) =>
        Fuzz.Check(
            Fuzz.Text(commands).Select(text => new string([.. text.Where(c => c is >= ' ' and <= '~')])).Where(text => text.Trim().Length > 0),
            send,
            Math.Max(300, Fuzz.Inputs / 10));
}
