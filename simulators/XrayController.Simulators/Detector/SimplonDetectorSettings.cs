using XrayController.Core.Instruments;
using XrayController.Protocols.Simplon;

namespace XrayController.Simulators.Detector;

/// <summary>
/// The simulated detector's configuration keys: their values, ranges and access, and what a change implies (a longer
/// count time lengthens the frame time; a binning changes the image size and pixel). Not thread-safe: the simulator
/// reads and changes it under its own lock.
/// </summary>
internal sealed class SimplonDetectorSettings
{
    private readonly DetectorProfile _profile;

    public SimplonDetectorSettings(DetectorProfile profile)
    {
        _profile = profile;
        CountTimeS = Math.Max(profile.MinExposureS, Math.Min(0.1, profile.MaxExposureS));
        FrameTimeS = CountTimeS + profile.ReadoutS;
    }

    public double CountTimeS { get; private set; }

    public double FrameTimeS { get; private set; }

    /// <summary>Images per trigger.</summary>
    public long Images { get; private set; } = 1;

    public long Triggers { get; private set; } = 1;

    public string TriggerMode { get; private set; } = SimplonTriggerModes.InternalSeries;

    public double PhotonEnergyEv { get; private set; } = 8000;

    public int Binning { get; private set; } = 1;

    public SimplonResult Get(string key) =>
        key switch
        {
            SimplonApi.CountTime => Ok(CountTimeS, "float", _profile.MinExposureS, _profile.MaxExposureS),
            SimplonApi.FrameTime => Ok(FrameTimeS, "float", _profile.MinExposureS + _profile.ReadoutS, _profile.MaxExposureS + _profile.ReadoutS),
            SimplonApi.Images => Ok(Images, "uint", 1, 1_000_000),
            SimplonApi.Triggers => Ok(Triggers, "uint", 1, 10_000_000),
            SimplonApi.TriggerMode => Ok(TriggerMode, "string", null, null, SimplonTriggerModes.All),
            SimplonApi.PhotonEnergy => Ok(PhotonEnergyEv, "float", 100, 200_000),
            SimplonApi.Binning => Ok(Binning, "uint", _profile.Binnings.Min(), _profile.Binnings.Max(), _profile.Binnings),
            SimplonApi.ColumnsInDetector => ReadOnly(_profile.Columns / Binning, "uint"),
            SimplonApi.RowsInDetector => ReadOnly(_profile.Rows / Binning, "uint"),
            SimplonApi.ReadoutTime => ReadOnly(_profile.ReadoutS, "float"),
            SimplonApi.PixelSize => ReadOnly(_profile.PixelSizeUm * 1e-6 * Binning, "float"),
            _ => new SimplonResult(404, $"unknown configuration key '{key}'"),
        };

    /// <summary>Sets a key; the reply lists the keys whose value changed as a consequence (SIMPLON returns them so clients can re-read).</summary>
    public SimplonResult Set(string key, object? value)
    {
        switch (key)
        {
            case SimplonApi.CountTime when value is double t && t >= _profile.MinExposureS && t <= _profile.MaxExposureS:
                CountTimeS = t;
                FrameTimeS = Math.Max(FrameTimeS, t + _profile.ReadoutS);
                return SimplonResult.Ok(new[] { SimplonApi.CountTime, SimplonApi.FrameTime });
            case SimplonApi.FrameTime when value is double t && t >= CountTimeS + _profile.ReadoutS:
                FrameTimeS = t;
                return SimplonResult.Ok(new[] { SimplonApi.FrameTime });
            case SimplonApi.Images when Whole(value) is { } n && n is >= 1 and <= 1_000_000:
                Images = n;
                return SimplonResult.Ok(new[] { SimplonApi.Images });
            case SimplonApi.Triggers when Whole(value) is { } n && n is >= 1 and <= 10_000_000:
                Triggers = n;
                return SimplonResult.Ok(new[] { SimplonApi.Triggers });
            case SimplonApi.TriggerMode when value is string mode && SimplonTriggerModes.All.Contains(mode):
                TriggerMode = mode;
                return SimplonResult.Ok(new[] { SimplonApi.TriggerMode });
            case SimplonApi.PhotonEnergy when value is double e && e is >= 100 and <= 200_000:
                PhotonEnergyEv = e;
                return SimplonResult.Ok(new[] { SimplonApi.PhotonEnergy });
            case SimplonApi.Binning when Whole(value) is { } b && b is >= 1 and <= 64 && _profile.Binnings.Contains((int)b):
                Binning = (int)b;
                return SimplonResult.Ok(new[] { SimplonApi.Binning, SimplonApi.ColumnsInDetector, SimplonApi.RowsInDetector, SimplonApi.PixelSize });
            case SimplonApi.CountTime or SimplonApi.FrameTime or SimplonApi.Images or SimplonApi.Triggers or SimplonApi.TriggerMode
                or SimplonApi.PhotonEnergy or SimplonApi.Binning:
                return SimplonResult.BadRequest($"value {value ?? "null"} is not valid for '{key}'");
            case SimplonApi.ColumnsInDetector or SimplonApi.RowsInDetector or SimplonApi.ReadoutTime or SimplonApi.PixelSize:
                return SimplonResult.BadRequest($"'{key}' is read-only");
            default:
                return new SimplonResult(404, $"unknown configuration key '{key}'");
        }
    }

    private static long? Whole(object? value) => value is double d && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? (long)d : null;

    private static SimplonResult Ok(object value, string type, object? min, object? max, object? allowed = null) =>
        SimplonResult.Ok(new Dictionary<string, object?>
        {
            ["value"] = value,
            ["value_type"] = type,
            ["min"] = min,
            ["max"] = max,
            ["allowed_values"] = allowed,
            ["access_mode"] = "rw",
        });

    private static SimplonResult ReadOnly(object value, string type) =>
        SimplonResult.Ok(new Dictionary<string, object?> { ["value"] = value, ["value_type"] = type, ["access_mode"] = "r" });
}
