using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using XrayController.Core.Devices;
using XrayController.Devices.Errors;
using XrayController.Protocols.Simplon;

namespace XrayController.Devices.Detector;

/// <summary>
/// An area detector behind a SIMPLON-style REST front (<c>firmware-protocols/simplon-detector.md</c>) with its images on
/// a ZeroMQ PUSH stream. Configuration is written key by key, each call checked (an HTTP 4xx/5xx becomes a
/// <see cref="DeviceFaultException"/> with the path, the status and the body); frames are read from the stream,
/// checked to belong to the armed series and to come in order, and time-stamped on the host clock from the arm time
/// plus the detector's own start time. A stream that goes quiet longer than the frame timeout is a
/// <see cref="DeviceTimeoutException"/>.
/// </summary>
public sealed class SimplonDetector : IDetector, IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly SimplonDetectorOptions _options;
    private readonly TimeProvider _time;
    private readonly DetectorStreamReceiver _stream;
    private readonly string _device;
    private DetectorConfiguration? _configuration;
    private double _readoutS;
    private long _series = -1;
    private DateTimeOffset _armedAt;
    private long _nextImage;

    private SimplonDetector(HttpClient http, SimplonDetectorOptions options, TimeProvider time, DetectorStreamReceiver stream)
    {
        _http = http;
        _options = options;
        _time = time;
        _stream = stream;
        _device = $"detector ({options.BaseUrl.GetLeftPart(UriPartial.Authority)})";
    }

    /// <summary>Checks the API version, initializes the detector and connects to its image stream.</summary>
    public static async Task<SimplonDetector> ConnectAsync(SimplonDetectorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = new HttpClient { BaseAddress = options.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        DetectorStreamReceiver? stream = null;
        try
        {
            stream = new DetectorStreamReceiver(options.StreamEndpoint);
            var detector = new SimplonDetector(http, options, time, stream);
            JsonElement version = await detector.SendAsync(HttpMethod.Get, SimplonApi.VersionPath, null, cancellationToken).ConfigureAwait(false);
            if (ValueOf(version).ValueKind != JsonValueKind.String)
            {
                throw new DeviceProtocolException(detector._device, $"GET {SimplonApi.VersionPath}", version.GetRawText(), "no version string");
            }

            await detector.CommandAsync(SimplonApi.Initialize, null, options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            string readoutPath = SimplonApi.ConfigPath(SimplonApi.ReadoutTime);
            JsonElement readout = ValueOf(await detector.SendAsync(HttpMethod.Get, readoutPath, null, cancellationToken).ConfigureAwait(false));
            detector._readoutS = readout.ValueKind == JsonValueKind.Number && readout.GetDouble() >= 0
                ? readout.GetDouble()
                : throw new DeviceProtocolException(detector._device, $"GET {readoutPath}", readout.GetRawText(), "the readout time is not a non-negative number");
            return detector;
        }
        catch (Exception e) when (e is NetMQ.NetMQException or ArgumentException)
        {
            http.Dispose();
            throw new DeviceConnectionException($"detector ({options.BaseUrl})", $"connect {options.StreamEndpoint}", $"cannot connect to the image stream: {e.Message}", e);
        }
        catch
        {
            http.Dispose();
            stream?.Dispose();
            throw;
        }
    }

    public async Task ConfigureAsync(DetectorConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string mode = configuration.Trigger switch
        {
            TriggerMode.InternalSeries => SimplonTriggerModes.InternalSeries,
            TriggerMode.InternalEnable => SimplonTriggerModes.InternalEnable,
            TriggerMode.ExternalSeries => SimplonTriggerModes.ExternalSeries,
            _ => SimplonTriggerModes.ExternalEnable,
        };
        await SetAsync(SimplonApi.Binning, configuration.Binning, cancellationToken).ConfigureAwait(false);
        await SetAsync(SimplonApi.TriggerMode, mode, cancellationToken).ConfigureAwait(false);
        await SetAsync(SimplonApi.CountTime, configuration.ExposureS, cancellationToken).ConfigureAwait(false);
        await SetAsync(SimplonApi.FrameTime, configuration.ExposureS + _readoutS, cancellationToken).ConfigureAwait(false);
        await SetAsync(SimplonApi.Images, configuration.FramesPerTrigger, cancellationToken).ConfigureAwait(false);
        await SetAsync(SimplonApi.Triggers, configuration.TriggerCount, cancellationToken).ConfigureAwait(false);
        _configuration = configuration;
    }

    public async Task ArmAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset before = _time.GetUtcNow();
        JsonElement reply = await CommandAsync(SimplonApi.Arm, null, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.ValueKind != JsonValueKind.Object || !reply.TryGetProperty(SimplonApi.SequenceId, out JsonElement id) || !id.TryGetInt64(out long series))
        {
            throw new DeviceProtocolException(_device, $"PUT {SimplonApi.CommandPath(SimplonApi.Arm)}", reply.GetRawText(), $"the reply has no '{SimplonApi.SequenceId}'");
        }

        _series = series;
        _armedAt = before;
        _nextImage = 0;
    }

    /// <summary>A software trigger; returns when the detector has taken the trigger's frames. In <c>inte</c> mode the exposure is sent with it.</summary>
    public async Task TriggerAsync(CancellationToken cancellationToken)
    {
        DetectorConfiguration configuration = _configuration ?? throw new InvalidOperationException($"{_device}: trigger before configure");
        double seriesS = configuration.FramesPerTrigger * (configuration.ExposureS + _readoutS);
        TimeSpan timeout = _options.CommandTimeout + TimeSpan.FromSeconds(seriesS);
        double? value = configuration.Trigger == TriggerMode.InternalEnable ? configuration.ExposureS : null;
        await CommandAsync(SimplonApi.Trigger, value, timeout, cancellationToken).ConfigureAwait(false);
    }

    public Task DisarmAsync(CancellationToken cancellationToken) =>
        CommandAsync(SimplonApi.Disarm, null, _options.CommandTimeout, cancellationToken);

    /// <summary>The next image of the armed series; start messages are taken in passing, an end message before the image is an error.</summary>
    public async Task<DetectorFrame> ReadFrameAsync(CancellationToken cancellationToken)
    {
        const string what = "read image from stream";
        using var overdue = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overdue.CancelAfter(_options.FrameTimeout);
        while (true)
        {
            (DetectorStreamMessage? message, Exception? error) item;
            try
            {
                item = await _stream.Messages.ReadAsync(overdue.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DeviceTimeoutException(_device, what, null, _options.FrameTimeout);
            }
            catch (System.Threading.Channels.ChannelClosedException e)
            {
                throw new DeviceConnectionException(_device, what, "the image stream closed", e);
            }

            if (item.error is not null)
            {
                throw new DeviceProtocolException(_device, what, null, item.error.Message);
            }

            switch (item.message)
            {
                case DetectorStreamImage image when image.SeriesId == _series:
                    return ToFrame(image, what);
                case DetectorStreamEnd end when end.SeriesId == _series:
                    throw new DeviceProtocolException(_device, what, $"end of series {end.SeriesId}", $"the series ended after {_nextImage} image(s), before the image the scan waits for");
                default:
                    continue;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private DetectorFrame ToFrame(DetectorStreamImage image, string what)
    {
        if (image.ImageId != _nextImage)
        {
            throw new DeviceProtocolException(_device, what, $"image_id {image.ImageId}", $"image {_nextImage} was due next (an image of the series was lost)");
        }

        _nextImage++;
        var pixels = new ushort[image.Rows * image.Columns];
        image.Data.Span.CopyTo(MemoryMarshal.AsBytes(pixels.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(pixels, pixels);
        }

        return new DetectorFrame(image.ImageId, image.Rows, image.Columns, pixels, _armedAt + TimeSpan.FromTicks(image.StartTimeNs / 100));
    }

    private Task SetAsync(string key, object value, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, SimplonApi.ConfigPath(key), new Dictionary<string, object> { ["value"] = value }, cancellationToken);

    private async Task<JsonElement> CommandAsync(string command, double? value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        object? body = value is { } v ? new Dictionary<string, object> { ["value"] = v } : null;
        return await SendAsync(HttpMethod.Put, SimplonApi.CommandPath(command), body, cancellationToken, timeout).ConfigureAwait(false);
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        string command = $"{method} {path}{(body is null ? string.Empty : " " + JsonSerializer.Serialize(body))}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        TimeSpan limit = timeout ?? _options.CommandTimeout;
        deadline.CancelAfter(limit);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DeviceFaultException(_device, command, text, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (text.Length == 0)
            {
                return default;
            }

            using JsonDocument document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeviceTimeoutException(_device, command, null, limit);
        }
        catch (HttpRequestException e)
        {
            throw new DeviceConnectionException(_device, command, $"HTTP request failed: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new DeviceProtocolException(_device, command, null, $"the reply is not JSON: {e.Message}");
        }
    }

    private static JsonElement ValueOf(JsonElement reply) =>
        reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("value", out JsonElement value) ? value : default;
}
