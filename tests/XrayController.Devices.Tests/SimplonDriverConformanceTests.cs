using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using XrayController.Core.Devices;
using XrayController.Devices.Detector;
using XrayController.Devices.Errors;
using XrayController.Tests.Shared;

namespace XrayController.Devices.Tests;

/// <summary>
/// Replays <c>simplon.txt</c> against the detector driver: an <see cref="HttpListener"/> plays the detector, checking
/// each request (method, path, JSON body) and answering as written.
/// </summary>
public sealed class SimplonDriverConformanceTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _url;

    public SimplonDriverConformanceTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
    }

    public void Dispose() => _listener.Close();

    [Fact]
    public async Task Detector_driver_follows_the_transcript()
    {
        var options = new SimplonDetectorOptions(new Uri(_url), "tcp://127.0.0.1:1", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        SimplonDetector? detector = null;
        foreach (TranscriptSection section in ConformanceTranscript.Load("simplon.txt").Where(s => !s.IsRaw))
        {
            Task play = PlayAsync(section.Steps);
            Task run = section.Operation switch
            {
                "connect" => Task.Run(async () => detector = await SimplonDetector.ConnectAsync(options, TimeProvider.System, CancellationToken.None)),
                "configure" => detector!.ConfigureAsync(Configuration(section), CancellationToken.None),
                "arm" => detector!.ArmAsync(CancellationToken.None),
                "trigger" => detector!.TriggerAsync(CancellationToken.None),
                "disarm" => detector!.DisarmAsync(CancellationToken.None),
                _ => throw new InvalidOperationException($"no detector operation '{section.Operation}'"),
            };
            if (await Task.WhenAny(play, run) == play && play.IsFaulted)
            {
                await play;
            }

            if (section.Steps.FirstOrDefault(s => s.Kind == TranscriptStepKind.Failure) is { } failure)
            {
                string[] expected = failure.Text.Split(' ', 2);
                DeviceException thrown = await Assert.ThrowsAnyAsync<DeviceException>(() => run);
                Assert.Equal(expected[0], thrown.GetType().Name);
                Assert.Contains(expected[1], thrown.Message, StringComparison.Ordinal);
            }
            else
            {
                await run;
            }

            await play.WaitAsync(TimeSpan.FromSeconds(5));
        }

        await detector!.DisposeAsync();
    }

    private static DetectorConfiguration Configuration(TranscriptSection section)
    {
        TriggerMode mode = section.Arguments[2] switch
        {
            "ints" => TriggerMode.InternalSeries,
            "inte" => TriggerMode.InternalEnable,
            "exts" => TriggerMode.ExternalSeries,
            _ => TriggerMode.ExternalEnable,
        };
        return new DetectorConfiguration(section.Number(0), (int)section.Number(1), mode, (int)section.Number(3), (int)section.Number(4));
    }

    private async Task PlayAsync(IReadOnlyList<TranscriptStep> steps)
    {
        TranscriptStep? request = null;
        foreach (TranscriptStep step in steps)
        {
            if (step.Kind == TranscriptStepKind.Send)
            {
                request = step;
                continue;
            }

            if (step.Kind != TranscriptStepKind.Reply)
            {
                continue;
            }

            HttpListenerContext context = await _listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(5));
            string body = await new StreamReader(context.Request.InputStream, Encoding.UTF8).ReadToEndAsync();
            string[] expected = request!.Text.Split(' ', 3);
            string received = $"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}";
            Assert.True($"{expected[0]} {expected[1]}" == received, $"line {request.Line}: expected {expected[0]} {expected[1]}, the driver sent {received}");
            if (expected.Length == 3)
            {
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected[2]), JsonNode.Parse(body)), $"line {request.Line}: expected body {expected[2]}, the driver sent {body}");
            }

            string[] reply = step.Text.Split(' ', 2);
            context.Response.StatusCode = int.Parse(reply[0], CultureInfo.InvariantCulture);
            string text = reply.Length == 2 ? reply[1] : string.Empty;
            context.Response.ContentType = text.StartsWith('{') || text.StartsWith('[') ? "application/json" : "text/plain";
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
