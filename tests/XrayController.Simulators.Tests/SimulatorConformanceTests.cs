using System.Diagnostics;
using System.Globalization;
using System.IO.Ports;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Protocols.Ensemble;
using XrayController.Tests.Shared;

namespace XrayController.Simulators.Tests;

/// <summary>
/// Replays every conformance transcript against the simulated instrument, playing the controller with plain clients
/// that know nothing of the drivers: raw lines on a TCP socket (stage) or on the pseudo-terminal through
/// <see cref="SerialPort"/> (GCS), and <see cref="HttpClient"/> (detector). The simulator's clock is virtual and moves
/// only where the transcript says.
/// </summary>
public sealed class SimulatorConformanceTests : IAsyncLifetime
{
    private readonly VirtualClock _clock = new(DateTimeOffset.UnixEpoch);
    private InstrumentSimulator _simulator = null!;
    private int _pulses;

    public async Task InitializeAsync()
    {
        InstrumentProfile profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo").Profile!;
        _simulator = await InstrumentSimulator.StartAsync(profile, _clock, InstrumentSimulatorOptions.Isolated(), CancellationToken.None);
        _simulator.Stage.Pulse += _ => Interlocked.Increment(ref _pulses);
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Theory]
    [InlineData("ensemble-step.txt")]
    [InlineData("ensemble-fly.txt")]
    [InlineData("ensemble-errors.txt")]
    public async Task Simulated_stage_answers_as_the_transcript_says(string file)
    {
        string address = _simulator.StageTcpAddress[DeviceLink.TcpScheme.Length..];
        using var client = new TcpClient();
        await client.ConnectAsync(address[..address.LastIndexOf(':')], int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        await ReplayAsync(file, client.GetStream());
    }

    [Theory]
    [InlineData("gcs-axis.txt")]
    [InlineData("gcs-shutter.txt")]
    [InlineData("keithley-6485.txt")]
    public async Task Simulated_serial_controllers_answer_as_the_transcript_says(string file)
    {
        string port = file switch
        {
            "gcs-axis.txt" => _simulator.Connections.Axes[InstrumentProfile.SampleX].Port,
            "gcs-shutter.txt" => _simulator.Connections.Shutter!.Port,
            _ => _simulator.Connections.BeamMonitor!.Port,
        };
        using var serial = new SerialPort(port, DeviceConnections.DefaultBaudRate);
        serial.Open();
        await ReplayAsync(file, serial.BaseStream);
    }

    [Fact]
    public async Task Simulated_tube_controller_answers_as_the_transcript_says()
    {
        string profileText = File.ReadAllText(RepositoryPaths.Instrument("demo")).Replace(
            "\"storage\":",
            "\"source\": { \"min_kv\": 30, \"max_kv\": 160, \"max_ua\": 250, \"max_power_w\": 25, \"warm_up_s\": 1, \"default_kv\": 60, \"default_ua\": 100 },\n  \"storage\":",
            StringComparison.Ordinal);
        InstrumentProfile profile = InstrumentProfileReader.Read(profileText, "demo-tube.json").Profile!;
        await using InstrumentSimulator lab = await InstrumentSimulator.StartAsync(profile, _clock, InstrumentSimulatorOptions.Isolated(), CancellationToken.None);
        using var serial = new SerialPort(lab.Connections.Source!.Port, DeviceConnections.DefaultBaudRate);
        serial.Open();
        await ReplayAsync("isovolt.txt", serial.BaseStream, carriageReturnEnds: true);
    }

    [Fact]
    public async Task Simulated_detector_answers_as_the_transcript_says()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_simulator.Connections.Detector.Url) };
        TranscriptStep? request = null;
        foreach (TranscriptSection section in ConformanceTranscript.Load("simplon.txt"))
        {
            foreach (TranscriptStep step in section.Steps)
            {
                if (step.Kind == TranscriptStepKind.Send)
                {
                    request = step;
                }
                else if (step.Kind == TranscriptStepKind.Reply)
                {
                    string[] parts = request!.Text.Split(' ', 3);
                    using var message = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1]);
                    if (parts.Length == 3)
                    {
                        message.Content = new StringContent(parts[2], Encoding.UTF8, "application/json");
                    }

                    using HttpResponseMessage response = await http.SendAsync(message);
                    string body = await response.Content.ReadAsStringAsync();
                    string[] expected = step.Text.Split(' ', 2);
                    Assert.True(int.Parse(expected[0], CultureInfo.InvariantCulture) == (int)response.StatusCode, $"line {step.Line}: expected {expected[0]}, got {(int)response.StatusCode} {body}");
                    AssertBody(expected.Length == 2 ? expected[1] : string.Empty, body, step.Line);
                }
            }
        }
    }

    /// <summary>Python's standard library on the raw pseudo-terminal, following the specification only.</summary>
    [Fact]
    public async Task A_plain_serial_client_outside_our_codecs_moves_the_stage_over_its_pseudo_terminal()
    {
        await using var realTime = await InstrumentSimulator.StartAsync(_simulator.Profile, TimeProvider.System, InstrumentSimulatorOptions.Isolated(), CancellationToken.None);
        string script = Path.Combine(RepositoryPaths.Root, "tests", "interop", "raw_serial_stage.py");
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, realTime.StagePseudoTerminal]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Task<string> output = python.StandardOutput.ReadToEndAsync();
        Task<string> error = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(python.ExitCode == 0, await error);
        JsonNode report = JsonNode.Parse(await output)!;

        Assert.Equal("%", (string?)report["mode"]);
        Assert.Equal("%", (string?)report["enable"]);
        Assert.Equal("%", (string?)report["move"]);
        Assert.Equal("%25", (string?)report["position"]);
        Assert.Equal("!", (string?)report["bad_command"]);
    }

    private async Task ReplayAsync(string file, Stream stream, bool carriageReturnEnds = false)
    {
        var reader = new LineReader(stream, carriageReturnEnds);
        foreach (TranscriptSection section in ConformanceTranscript.Load(file))
        {
            foreach (TranscriptStep step in section.Steps)
            {
                switch (step.Kind)
                {
                    case TranscriptStepKind.Send:
                        string bytes = step.Text.Length == 1 && char.IsControl(step.Text[0]) ? step.Text : step.Text + "\n";
                        await stream.WriteAsync(Encoding.Latin1.GetBytes(bytes));
                        break;
                    case TranscriptStepKind.Reply:
                        string line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
                        Assert.True(step.Text == line, $"{file}:{step.Line}: expected '{step.Text}', the simulator answered '{line}'");
                        break;
                    case TranscriptStepKind.Advance:
                        _clock.AdvanceSeconds(double.Parse(step.Text, CultureInfo.InvariantCulture));
                        break;
                    case TranscriptStepKind.Fault:
                        _simulator.Stage.InjectFault((EnsembleAxisFault)int.Parse(step.Text, CultureInfo.InvariantCulture));
                        break;
                    case TranscriptStepKind.Pulses:
                        int wanted = int.Parse(step.Text, CultureInfo.InvariantCulture);
                        for (int i = 0; i < 500 && Volatile.Read(ref _pulses) < wanted; i++)
                        {
                            await Task.Delay(10);
                        }

                        Assert.True(wanted == Volatile.Read(ref _pulses), $"{file}:{step.Line}: {wanted} PSO pulses expected, {_pulses} fired");
                        break;
                }
            }
        }
    }

    private static void AssertBody(string expected, string actual, int line)
    {
        if (expected.StartsWith('{') || expected.StartsWith('['))
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"line {line}: expected {expected}, got {actual}");
        }
        else
        {
            Assert.True(expected == actual, $"line {line}: expected '{expected}', got '{actual}'");
        }
    }

    /// <summary>Reads LF-terminated (or CR-terminated) lines byte by byte (Latin-1), so nothing is read ahead of a reply.</summary>
    private sealed class LineReader(Stream stream, bool carriageReturnEnds)
    {
        private readonly byte[] _one = new byte[1];

        public async Task<string> ReadLineAsync()
        {
            var line = new StringBuilder();
            while (await stream.ReadAsync(_one) == 1)
            {
                if (_one[0] == (byte)'\n' || (carriageReturnEnds && _one[0] == (byte)'\r'))
                {
                    return line.ToString();
                }

                line.Append((char)_one[0]);
            }

            return line.ToString();
        }
    }
}
