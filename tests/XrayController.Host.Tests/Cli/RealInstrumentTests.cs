using XrayController.Core.Instruments;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Cli;

/// <summary>A real instrument's profile names its devices' ports; a scan on it connects to them or says which one it cannot reach.</summary>
public sealed class RealInstrumentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-real-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_shipped_real_variant_reads_with_every_device_link()
    {
        InstrumentProfileReadResult read = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("txm-xanes-real")), "txm-xanes-real.json");

        Assert.True(read.Succeeded, string.Join(Environment.NewLine, read.Diagnostics));
        Assert.False(read.Profile!.Simulated);
        Assert.Equal(["sample_x", "sample_y", "sample_z", "zone_plate"], read.Profile.Devices!.Axes.Keys.Order());
        Assert.NotNull(read.Profile.Devices.Monochromator);
    }

    [Fact]
    public async Task A_scan_on_an_unreachable_instrument_fails_naming_the_device_and_writes_nothing()
    {
        string plan = Path.Combine(_directory, "small.yaml");
        await File.WriteAllTextAsync(plan, """
            name: small
            technique: parallel-ct
            instrument: txm-xanes-real
            sample: { name: s, out_of_beam: { x_mm: 1.0 } }
            detector: { exposure_s: 0.1 }
            rotation: { start_deg: 0, stop_deg: 10, step_deg: 1 }
            """);

        CliRun run = await CliRun.RunAsync("scan", plan, "--instrument", RepositoryPaths.Instrument("txm-xanes-real"), "--out", _directory, "--publish", "off");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot connect to instrument 'txm-xanes-real': rotation stage (tcp://192.0.2.21:8000)", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory, "*.h5"));
    }
}
