using XrayController.Protocols.Simplon;

namespace XrayController.Simulators.Detector;

/// <summary>The configuration keys of the simulated detector: their values, ranges and access, and what a change implies.</summary>
public sealed partial class SimplonDetectorSimulator
{
    public SimplonResult GetConfig(string key)
    {
        lock (_gate)
        {
            return key switch
            {
                SimplonApi.CountTime => Ok(_countTimeS, "float", _profile.MinExposureS, _profile.MaxExposureS),
                SimplonApi.FrameTime => Ok(_frameTimeS, "float", _profile.MinExposureS + _profile.ReadoutS, _profile.MaxExposureS + _profile.ReadoutS),
                SimplonApi.Images => Ok(_images, "uint", 1, 1_000_000),
                SimplonApi.Triggers => Ok(_triggers, "uint", 1, 10_000_000),
                SimplonApi.TriggerMode => Ok(_triggerMode, "string", null, null, SimplonTriggerModes.All),
                SimplonApi.PhotonEnergy => Ok(_photonEnergyEv, "float", 100, 200_000),
                SimplonApi.Binning => Ok(_binning, "uint", _profile.Binnings.Min(), _profile.Binnings.Max(), _profile.Binnings),
                SimplonApi.ColumnsInDetector => ReadOnly(_profile.Columns / _binning, "uint"),
                SimplonApi.RowsInDetector => ReadOnly(_profile.Rows / _binning, "uint"),
                SimplonApi.ReadoutTime => ReadOnly(_profile.ReadoutS, "float"),
                SimplonApi.PixelSize => ReadOnly(_profile.PixelSizeUm * 1e-6 * _binning, "float"),
                _ => new SimplonResult(404, $"unknown configuration key '{key}'"),
            };
        }
    }

    /// <summary>Sets a key; the reply lists the keys whose value changed as a consequence (SIMPLON returns them so clients can re-read).</summary>
    public SimplonResult SetConfig(string key, object? value)
    {
        lock (_gate)
        {
            if (_state is SimplonStates.Ready or SimplonStates.Acquire)
            {
                return new SimplonResult(409, $"cannot change '{key}' while the detector is {_state}; disarm first");
            }

            switch (key)
            {
                case SimplonApi.CountTime when value is double t && t >= _profile.MinExposureS && t <= _profile.MaxExposureS:
                    _countTimeS = t;
                    _frameTimeS = Math.Max(_frameTimeS, t + _profile.ReadoutS);
                    return SimplonResult.Ok(new[] { SimplonApi.CountTime, SimplonApi.FrameTime });
                case SimplonApi.FrameTime when value is double t && t >= _countTimeS + _profile.ReadoutS:
                    _frameTimeS = t;
                    return SimplonResult.Ok(new[] { SimplonApi.FrameTime });
                case SimplonApi.Images when Whole(value) is { } n && n is >= 1 and <= 1_000_000:
                    _images = n;
                    return SimplonResult.Ok(new[] { SimplonApi.Images });
                case SimplonApi.Triggers when Whole(value) is { } n && n is >= 1 and <= 10_000_000:
                    _triggers = n;
                    return SimplonResult.Ok(new[] { SimplonApi.Triggers });
                case SimplonApi.TriggerMode when value is string mode && SimplonTriggerModes.All.Contains(mode):
                    _triggerMode = mode;
                    return SimplonResult.Ok(new[] { SimplonApi.TriggerMode });
                case SimplonApi.PhotonEnergy when value is double e && e is >= 100 and <= 200_000:
                    _photonEnergyEv = e;
                    return SimplonResult.Ok(new[] { SimplonApi.PhotonEnergy });
                case SimplonApi.Binning when Whole(value) is { } b && b is >= 1 and <= 64 && _profile.Binnings.Contains((int)b):
                    _binning = (int)b;
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
