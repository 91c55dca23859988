namespace XrayController.Protocols.Simplon;

/// <summary>
/// Paths, keys and values of the SIMPLON-style REST subset in <c>simplon-detector.md</c> (Dectris SIMPLON API 1.8.0:
/// "Detector configuration", "Detector commands", "Detector status").
/// </summary>
public static class SimplonApi
{
    public const string ApiVersion = "1.8.0";
    public const string VersionPath = "/detector/api/version";
    public const string StatePath = "/detector/api/" + ApiVersion + "/status/state";

    public const string CountTime = "count_time";
    public const string FrameTime = "frame_time";
    public const string Images = "nimages";
    public const string Triggers = "ntrigger";
    public const string TriggerMode = "trigger_mode";
    public const string PhotonEnergy = "photon_energy";
    public const string Binning = "binning";
    public const string ColumnsInDetector = "x_pixels_in_detector";
    public const string RowsInDetector = "y_pixels_in_detector";
    public const string ReadoutTime = "detector_readout_time";
    public const string PixelSize = "x_pixel_size";

    public const string Initialize = "initialize";
    public const string Arm = "arm";
    public const string Trigger = "trigger";
    public const string Disarm = "disarm";
    public const string Cancel = "cancel";
    public const string Abort = "abort";

    /// <summary>The key of the arm command's reply.</summary>
    public const string SequenceId = "sequence id";

    public static string ConfigPath(string key) => $"/detector/api/{ApiVersion}/config/{key}";

    public static string CommandPath(string command) => $"/detector/api/{ApiVersion}/command/{command}";
}

/// <summary>The four trigger modes and their SIMPLON spellings.</summary>
public static class SimplonTriggerModes
{
    public const string InternalSeries = "ints";
    public const string InternalEnable = "inte";
    public const string ExternalSeries = "exts";
    public const string ExternalEnable = "exte";

    public static IReadOnlyList<string> All { get; } = [InternalSeries, InternalEnable, ExternalSeries, ExternalEnable];

    public static bool IsExternal(string mode) => mode is ExternalSeries or ExternalEnable;
}

/// <summary>Detector states reported by <c>status/state</c>.</summary>
public static class SimplonStates
{
    public const string NotInitialized = "na";
    public const string Ready = "ready";
    public const string Idle = "idle";
    public const string Acquire = "acquire";
    public const string Configure = "configure";
    public const string Error = "error";
}
