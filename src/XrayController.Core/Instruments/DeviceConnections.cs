namespace XrayController.Core.Instruments;

/// <summary>
/// Where a device is reached: a serial port path (<c>/dev/ttyUSB0</c>, or a simulator's <c>/dev/pts/N</c>) or a TCP
/// address (<c>tcp://host:port</c>). Handshake lines (DTR/RTS) are off by default: pseudo-terminals refuse them.
/// </summary>
public sealed record DeviceLink(string Driver, string Port, int BaudRate, bool HandshakeLines)
{
    public const string TcpScheme = "tcp://";

    public bool IsTcp => Port.StartsWith(TcpScheme, StringComparison.Ordinal);
}

/// <summary>The detector's REST base URL and its image-stream endpoint.</summary>
public sealed record DetectorLink(string Driver, string Url, string Stream);

/// <summary>
/// The drivers and ports of a profile's devices (<c>devices</c> section). A simulated profile without one gets the
/// built-in simulated instrument's servers; with one, its drivers connect to those addresses (e.g. an <c>xrayctl sim</c>
/// process); a real profile needs one.
/// </summary>
public sealed record DeviceConnections(
    double CommandTimeoutS,
    DeviceLink Stage,
    IReadOnlyDictionary<string, DeviceLink> Axes,
    DeviceLink? Monochromator,
    DeviceLink? Shutter,
    int ShutterLine,
    DetectorLink Detector,
    double FrameTimeoutS = DeviceConnections.DefaultFrameTimeoutS)
{
    /// <summary>The beam monitor's link (a Keithley 6485-style picoammeter), or null.</summary>
    public DeviceLink? BeamMonitor { get; init; }

    /// <summary>The X-ray tube controller's link, or null.</summary>
    public DeviceLink? Source { get; init; }

    public const string Isovolt = "isovolt";
    public const string Ensemble = "aerotech-ensemble";
    public const string Keithley6485 = "keithley-6485";
    public const string Gcs = "pi-gcs2";
    public const string GcsDigitalOutput = "pi-gcs2-dio";
    public const string Simplon = "simplon";
    public const int DefaultBaudRate = 115200;
    public const double DefaultCommandTimeoutS = 2;

    /// <summary>How long the detector's stream may stay quiet while a frame is awaited before it counts as stalled.</summary>
    public const double DefaultFrameTimeoutS = 30;
}
