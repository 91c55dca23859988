using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Instruments;

/// <summary>Reads a profile's <c>devices</c> section; every axis of the profile needs a link, and so does its monochromator.</summary>
internal static class DeviceConnectionsReader
{
    public static DeviceConnections? Read(MappingReader? devices, IReadOnlyCollection<string> axisNames, bool hasMonochromator, bool hasBeamMonitor, bool hasSafety, bool hasSource)
    {
        if (devices is null)
        {
            return null;
        }

        double timeout = devices.Positive("command_timeout_s") ?? DeviceConnections.DefaultCommandTimeoutS;
        double frameTimeout = devices.Positive("frame_timeout_s") ?? DeviceConnections.DefaultFrameTimeoutS;
        DeviceLink stage = Link(devices.Mapping("stage", required: true), DeviceConnections.Ensemble);
        var axes = new Dictionary<string, DeviceLink>(StringComparer.Ordinal);
        if (devices.Mapping("axes", required: axisNames.Count > 0) is { } axesSection)
        {
            foreach ((YamlNode key, YamlNode value) in ((YamlMappingNode)axesSection.Node).Children)
            {
                string name = (key as YamlScalarNode)?.Value ?? string.Empty;
                axesSection.Take(name);
                if (!axisNames.Contains(name))
                {
                    axesSection.Fail(name, $"the profile has no axis '{name}' (its axes: {string.Join(", ", axisNames)})");
                }

                if (axesSection.Context.Mapping(value, YamlReadContext.Child(axesSection.Path, name)) is { } axis)
                {
                    axes[name] = Link(axis, DeviceConnections.Gcs);
                }
            }

            foreach (string missing in axisNames.Where(n => !axes.ContainsKey(n)))
            {
                axesSection.Fail(missing, "this axis of the profile needs a device link");
            }
        }

        MappingReader? monoSection = devices.Mapping("monochromator", required: hasMonochromator);
        DeviceLink? mono = monoSection is null ? null : Link(monoSection, DeviceConnections.Gcs);
        if (mono is not null && !hasMonochromator)
        {
            devices.Fail("monochromator", "the profile has no monochromator section");
        }

        MappingReader? shutterSection = devices.Mapping("shutter", required: !hasSafety);
        if (shutterSection is not null && hasSafety)
        {
            devices.Fail("shutter", "the main shutter is on the safety section's GPIO lines; remove this link");
        }

        int line = shutterSection?.Integer("line") ?? 1;
        DeviceLink? shutter = hasSafety ? null : Link(shutterSection, DeviceConnections.GcsDigitalOutput, "line");
        if (line < 1)
        {
            shutterSection!.Fail("line", "must be ≥ 1");
        }

        DetectorLink detector = Detector(devices.Mapping("detector", required: true));
        MappingReader? monitorSection = devices.Mapping("beam_monitor", required: hasBeamMonitor);
        DeviceLink? monitor = monitorSection is null ? null : Link(monitorSection, DeviceConnections.Keithley6485);
        if (monitor is not null && !hasBeamMonitor)
        {
            devices.Fail("beam_monitor", "the profile has no beam_monitor section");
        }

        MappingReader? sourceSection = devices.Mapping("source", required: hasSource);
        DeviceLink? source = sourceSection is null ? null : Link(sourceSection, DeviceConnections.Isovolt);
        if (source is not null && !hasSource)
        {
            devices.Fail("source", "the profile has no source section");
        }

        devices.ReportUnknownKeys();
        return new DeviceConnections(timeout, stage, axes, mono, shutter, line, detector, frameTimeout) { BeamMonitor = monitor, Source = source };
    }

    private static DeviceLink Link(MappingReader? section, string driver, params string[] otherKeys)
    {
        if (section is null)
        {
            return new DeviceLink(driver, string.Empty, DeviceConnections.DefaultBaudRate, false);
        }

        string given = section.String("driver", required: true) ?? driver;
        if (given != driver)
        {
            section.Fail("driver", $"must be \"{driver}\" (the driver this device slot supports)");
        }

        var link = new DeviceLink(
            driver,
            section.String("port", required: true) ?? string.Empty,
            section.Integer("baud") ?? DeviceConnections.DefaultBaudRate,
            section.Boolean("handshake_lines") ?? false);
        if (link.BaudRate <= 0)
        {
            section.Fail("baud", "must be > 0");
        }

        foreach (string key in otherKeys)
        {
            section.Take(key);
        }

        section.ReportUnknownKeys();
        return link;
    }

    private static DetectorLink Detector(MappingReader? section)
    {
        if (section is null)
        {
            return new DetectorLink(DeviceConnections.Simplon, string.Empty, string.Empty);
        }

        string driver = section.String("driver", required: true) ?? DeviceConnections.Simplon;
        if (driver != DeviceConnections.Simplon)
        {
            section.Fail("driver", $"must be \"{DeviceConnections.Simplon}\"");
        }

        string url = section.String("url", required: true) ?? string.Empty;
        if (url.Length > 0 && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            section.Fail("url", $"'{url}' is not an absolute URL");
        }

        string stream = section.String("stream", required: true) ?? string.Empty;
        if (stream.Length > 0 && !stream.StartsWith(DeviceLink.TcpScheme, StringComparison.Ordinal))
        {
            section.Fail("stream", $"'{stream}' must be a ZeroMQ tcp:// endpoint");
        }

        section.ReportUnknownKeys();
        return new DetectorLink(driver, url, stream);
    }
}
