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
/// The simulated devices' command side, fed mutated commands from the conformance transcripts (and random bytes) over
/// their real transports: every line to the stage's TCP socket gets one well-formed Ensemble reply, every REST request
/// to the detector an answer short of a server error, and both still answer afterwards. Sockets take a round trip
/// each, so this runs a tenth of the other parsers' inputs.
/// </summary>
public sealed class CommandFuzzTests : IAsyncLifetime
{
    private readonly VirtualClock _clock = new(DateTimeOffset.UnixEpoch);
    private InstrumentSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        InstrumentProfile profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo").Profile!;
        _simulator = await InstrumentSimulator.StartAsync(profile, _clock, InstrumentSimulatorOptions.Isolated(), CancellationToken.None);
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
        SendLines(commands, line =>
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

    [Fact]
    public async Task The_detector_answers_every_mangled_rest_request_with_a_client_error_or_success_and_keeps_working()
    {
        // Path and body mutated, the method kept a valid token (GET or PUT, either way).
        string[] requests =
        [
            .. File.ReadAllLines(ConformanceTranscript.PathOf("simplon.txt"))
                .Where(line => line.StartsWith("> ", StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf(' ', 2) + 1)..])
                .Distinct(),
        ];
        using var http = new HttpClient { BaseAddress = new Uri(_simulator.Connections.Detector.Url) };
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        Gen<(bool Put, string[] Parts)> inputs =
            from text in Fuzz.Text(requests)
            from put in Gen.Bool
            select (put, text.Split(' ', 2));
        Fuzz.Check(
            inputs.Where(r => r.Parts[0].StartsWith('/') && !r.Parts[0].StartsWith("//", StringComparison.Ordinal) && Uri.TryCreate(r.Parts[0], UriKind.Relative, out _)),
            request =>
            {
                using var message = new HttpRequestMessage(request.Put ? HttpMethod.Put : HttpMethod.Get, request.Parts[0]);
                if (request.Parts.Length == 2)
                {
                    message.Content = new StringContent(request.Parts[1], Encoding.UTF8, "application/json");
                }

                using HttpResponseMessage response = http.Send(message);
                statuses.Add((int)response.StatusCode);
                Assert.True((int)response.StatusCode < 500, $"{(request.Put ? "PUT" : "GET")} {string.Join(' ', request.Parts)} got HTTP {(int)response.StatusCode}");
            },
            Math.Max(300, Fuzz.Inputs / 10));

        Assert.Contains(statuses, s => s >= 400);
        using HttpResponseMessage version = await http.GetAsync("/detector/api/version");
        Assert.True(version.IsSuccessStatusCode, "the detector stopped answering");
    }

    /// <summary>Mutated command lines: printable ASCII without line breaks (one line, one reply), not empty.</summary>
    private static void SendLines(string[] commands, Action<string> send) =>
        Fuzz.Check(
            Fuzz.Text(commands).Select(text => new string([.. text.Where(c => c is >= ' ' and <= '~')])).Where(text => text.Trim().Length > 0),
            send,
            Math.Max(300, Fuzz.Inputs / 10));
}
