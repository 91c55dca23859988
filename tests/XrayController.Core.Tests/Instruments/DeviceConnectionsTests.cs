using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Tests.Shared;

namespace XrayController.Core.Tests.Instruments;

public class DeviceConnectionsTests
{
    private const string Devices = """
        "devices": {
          "command_timeout_s": 1.5,
          "stage": { "driver": "aerotech-ensemble", "port": "tcp://10.0.0.2:8000" },
          "axes": {
            "sample_x": { "driver": "pi-gcs2", "port": "/dev/ttyUSB1", "baud": 57600 },
            "sample_y": { "driver": "pi-gcs2", "port": "/dev/ttyUSB2" },
            "sample_z": { "driver": "pi-gcs2", "port": "/dev/ttyUSB3", "handshake_lines": true }
          },
          "shutter": { "driver": "pi-gcs2-dio", "port": "/dev/ttyUSB4", "line": 2 },
          "detector": { "driver": "simplon", "url": "http://10.0.0.3", "stream": "tcp://10.0.0.3:9999" }
        }
        """;

    [Fact]
    public void A_real_profile_names_the_driver_and_port_of_every_device()
    {
        InstrumentProfileReadResult read = Read(real: true, Devices);

        Assert.True(read.Succeeded, string.Join(Environment.NewLine, read.Diagnostics));
        DeviceConnections devices = read.Profile!.Devices!;
        Assert.Equal(1.5, devices.CommandTimeoutS);
        Assert.True(devices.Stage.IsTcp);
        Assert.Equal(("/dev/ttyUSB1", 57600), (devices.Axes["sample_x"].Port, devices.Axes["sample_x"].BaudRate));
        Assert.True(devices.Axes["sample_z"].HandshakeLines);
        Assert.Equal(2, devices.ShutterLine);
        Assert.Equal("tcp://10.0.0.3:9999", devices.Detector.Stream);
    }

    [Fact]
    public void A_real_profile_without_devices_is_refused()
    {
        InstrumentProfileReadResult read = Read(real: true, devices: null);

        Assert.Contains(read.Diagnostics, d => d.IsError && d.Path == "devices" && d.Message.Contains("real instrument", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_drivers_missing_axes_and_bad_endpoints_are_each_named()
    {
        string devices = Devices
            .Replace("\"aerotech-ensemble\"", "\"newport-xps\"", StringComparison.Ordinal)
            .Replace("\"sample_y\": { \"driver\": \"pi-gcs2\", \"port\": \"/dev/ttyUSB2\" },", string.Empty, StringComparison.Ordinal)
            .Replace("\"tcp://10.0.0.3:9999\"", "\"10.0.0.3:9999\"", StringComparison.Ordinal);

        IReadOnlyList<Diagnostic> errors = [.. Read(real: true, devices).Diagnostics.Where(d => d.IsError)];

        Assert.Contains(errors, e => e.Path == "devices.stage.driver" && e.Message.Contains("aerotech-ensemble", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "devices.axes.sample_y");
        Assert.Contains(errors, e => e.Path == "devices.detector.stream");
        Assert.All(errors, e => Assert.True(e.Location.Line > 0));
    }

    private static InstrumentProfileReadResult Read(bool real, string? devices)
    {
        string demo = File.ReadAllText(RepositoryPaths.Instrument("demo"));
        string text = demo.Replace("\"simulated\": true", $"\"simulated\": {(real ? "false" : "true")}", StringComparison.Ordinal);
        if (devices is not null)
        {
            text = text.Replace("\"storage\":", devices + ",\n  \"storage\":", StringComparison.Ordinal);
        }

        return InstrumentProfileReader.Read(text, "real.json");
    }

    [Fact]
    public void Simulated_faults_name_a_device_and_a_fault_it_can_commit()
    {
        string text = File.ReadAllText(RepositoryPaths.Instrument("demo")).Replace(
            "\"seed\": 20211986",
            "\"seed\": 20211986, \"faults\": [ { \"device\": \"sample_x\", \"kind\": \"silent\", \"after\": 5 }, { \"device\": \"detector\", \"kind\": \"garble\" }, { \"device\": \"laser\", \"kind\": \"silent\" } ]",
            StringComparison.Ordinal);

        InstrumentProfileReadResult read = InstrumentProfileReader.Read(text, "faults.json");

        Assert.Equal(new SimulatedFault("sample_x", "silent", 5), read.Profile!.Simulation!.Faults[0]);
        string[] errors = [.. read.Diagnostics.Where(d => d.IsError).Select(d => d.Path)];
        Assert.Equal(["simulation.faults[1].kind", "simulation.faults[2].device"], errors);
    }
}
