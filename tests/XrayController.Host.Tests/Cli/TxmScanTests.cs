using System.Text.Json;
using PureHDF;
using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Cli;

/// <summary>A small TXM energy scan through the drivers: the zone plate follows the energy and each frame records its magnification.</summary>
public sealed class TxmScanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-txm-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Each_frame_of_an_energy_scan_records_the_magnification_of_its_energy()
    {
        string plan = Path.Combine(_directory, "two-energies.yaml");
        await File.WriteAllTextAsync(plan, """
            name: two-energies
            technique: spectro-tomography
            instrument: txm-xanes
            sample: { name: s, out_of_beam: { x_mm: 1.0 } }
            detector: { exposure_s: 0.05, binning: 4 }
            rotation: { start_deg: 0, stop_deg: 1, step_deg: 1 }
            energy: { regions: [ { from_ev: 8333, to_ev: 8433, step_ev: 100 } ] }
            flats: { count: 1, at: [each_energy] }
            darks: { count: 1, at: [start] }
            order: [energy, rotation]
            reconstruction: { algorithm: none }
            """);

        CliRun run = await CliRun.RunAsync("scan", plan, "--instrument", RepositoryPaths.Instrument("txm-xanes"), "--out", _directory, "--publish", "off", "--speed", "20", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using JsonDocument summary = JsonDocument.Parse(run.Output);
        using var file = H5File.OpenRead(summary.RootElement.GetProperty("files").GetProperty("raw").GetString()!);
        double[] energies = file.Dataset("/measurement/frames/energy_ev").Read<double[]>();
        double[] magnifications = file.Dataset("/measurement/frames/magnification").Read<double[]>();
        ZonePlate plate = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("txm-xanes")), "txm").Profile!.Monochromator!.ZonePlate!;
        Assert.Equal(7, energies.Length);
        for (int i = 0; i < energies.Length; i++)
        {
            Assert.Equal(450 * plate.Magnification(energies[i]) / plate.Magnification(8333), magnifications[i], 9);
        }

        Assert.Contains(magnifications, m => m < 445);
    }
}
