using XrayController.Core.Diagnostics;
using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Instruments;

/// <summary>
/// Reads a fault-injection file for <c>xrayctl scan --faults FILE</c>: <c>faults: [{ device, kind, after }, …]</c>, the
/// same entries as a profile's <c>simulation.faults</c>, checked against the instrument's devices. The faults add to
/// the profile's own.
/// </summary>
public static class FaultsFileReader
{
    public static (IReadOnlyList<SimulatedFault>? Faults, IReadOnlyList<Diagnostic> Diagnostics) Read(string text, string source, InstrumentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(profile);
        var diagnostics = new DiagnosticBag(source);
        YamlNode? root = YamlDocumentLoader.Load(text, diagnostics);
        var context = new YamlReadContext(diagnostics, new SourceMap());
        if (root is null || context.Mapping(root, string.Empty) is not { } file)
        {
            return (null, diagnostics.Items);
        }

        if (!file.Has("faults"))
        {
            file.Fail(string.Empty, "lists no faults: give 'faults: [{ device, kind, after }]'");
        }

        List<SimulatedFault> faults = SimulationProfileReader.Faults(file, [.. profile.Axes.Keys], profile.BeamMonitor is not null, profile.Safety is not null, profile.EnvironmentSensor is not null);
        file.ReportUnknownKeys();
        return (diagnostics.Items.Any(d => d.IsError) ? null : faults, diagnostics.Items);
    }
}
