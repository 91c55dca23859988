using System.Text.Json.Nodes;
using XrayController.Core.Instruments;

namespace XrayController.Host.Output;

/// <summary>A <see cref="DeviceConnections"/> as a profile's <c>devices</c> section (the same keys the profile reader reads).</summary>
internal static class DeviceConnectionsJson
{
    public static JsonObject ToJson(DeviceConnections devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var section = new JsonObject
        {
            ["command_timeout_s"] = devices.CommandTimeoutS,
            ["frame_timeout_s"] = devices.FrameTimeoutS,
            ["stage"] = Link(devices.Stage),
            ["axes"] = new JsonObject(devices.Axes.Select(a => KeyValuePair.Create<string, JsonNode?>(a.Key, Link(a.Value)))),
        };
        if (devices.Monochromator is { } mono)
        {
            section["monochromator"] = Link(mono);
        }

        if (devices.Shutter is { } link)
        {
            JsonObject shutter = Link(link);
            shutter["line"] = devices.ShutterLine;
            section["shutter"] = shutter;
        }

        if (devices.BeamMonitor is { } monitor)
        {
            section["beam_monitor"] = Link(monitor);
        }

        if (devices.Source is { } source)
        {
            section["source"] = Link(source);
        }

        section["detector"] = new JsonObject
        {
            ["driver"] = devices.Detector.Driver,
            ["url"] = devices.Detector.Url,
            ["stream"] = devices.Detector.Stream,
        };
        return section;
    }

    private static JsonObject Link(DeviceLink link) => new()
    {
        ["driver"] = link.Driver,
        ["port"] = link.Port,
        ["baud"] = link.BaudRate,
        ["handshake_lines"] = link.HandshakeLines,
    };
}
