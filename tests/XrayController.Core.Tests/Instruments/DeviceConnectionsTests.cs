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
          "beam_monitor": { "driver": "keithley-6485", "port": "/dev/ttyUSB5", "baud": 9600 },
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
        Assert.Equal(("keithley-6485", "/dev/ttyUSB5", 9600), (devices.BeamMonitor!.Driver, devices.BeamMonitor.Port, devices.BeamMonitor.BaudRate));
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

    [Fact]
    public void Safety_lines_replace_the_shutter_and_need_a_pin_each()
    {
        const string Safety = """
            "safety": {
              "main_shutter": { "command_pin": 17, "open_pin": 27, "closed_pin": 22, "actuation_s": 0.02 },
              "fast_shutter": { "command_pin": 23, "open_pin": 24, "closed_pin": 27, "actuation_s": 0.002 },
              "door_interlock_pin": 5, "xray_lamp_pin": 99
            },
            """;
        string text = File.ReadAllText(RepositoryPaths.Instrument("demo")).Replace("\"storage\":", Safety + "\n  \"storage\":", StringComparison.Ordinal);

        IReadOnlyList<Diagnostic> errors = [.. InstrumentProfileReader.Read(text, "safety.json").Diagnostics.Where(d => d.IsError)];

        Assert.Contains(errors, e => e.Path == "safety" && e.Message.Contains("GPIO 27 is used for more than one line", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "safety.xray_lamp_pin");
        Assert.Contains(errors, e => e.Path == "shutter" && e.Message.Contains("safety section", StringComparison.Ordinal));

        InstrumentProfile lab = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("lab-demo")), "lab-demo.json").Profile!;
        Assert.Equal((17, 0.005, 0.002), (lab.Safety!.MainShutter.CommandPin, lab.ShutterActuationS, lab.Safety.FastShutter!.ActuationS));
    }

    [Fact]
    public void A_beam_current_suspender_needs_a_beam_monitor_and_a_threshold_below_its_nominal_current()
    {
        string demo = File.ReadAllText(RepositoryPaths.Instrument("demo"));
        string noMonitor = demo.Replace("\"beam_monitor\": { \"nominal_a\": 2e-9, \"command_s\": 0.0012 },", string.Empty, StringComparison.Ordinal);
        string tooHigh = demo.Replace("\"below_a\": 1e-9", "\"below_a\": 3e-9", StringComparison.Ordinal);

        Assert.Contains(InstrumentProfileReader.Read(noMonitor, "a.json").Diagnostics, d => d.IsError && d.Path == "suspenders.beam_current");
        Assert.Contains(InstrumentProfileReader.Read(tooHigh, "b.json").Diagnostics, d => d.IsError && d.Path == "suspenders.beam_current.below_a");
        InstrumentProfile profile = InstrumentProfileReader.Read(demo, "demo.json").Profile!;
        Assert.Equal((1e-9, 1.0, 0.1), (profile.Suspenders.BeamBelowA, profile.Suspenders.HoldS, profile.Suspenders.PollS));

        string noSensor = demo.Replace("\"hold_s\": 1.0", "\"temperature_c\": { \"min\": 15, \"max\": 28 }, \"hold_s\": 1.0", StringComparison.Ordinal);
        Assert.Contains(InstrumentProfileReader.Read(noSensor, "c.json").Diagnostics, d => d.IsError && d.Path == "suspenders.temperature_c");
        string lab = File.ReadAllText(RepositoryPaths.Instrument("lab-demo"));
        Assert.Contains(InstrumentProfileReader.Read(lab.Replace("\"address\": 118", "\"address\": 64", StringComparison.Ordinal), "d.json").Diagnostics, d => d.IsError && d.Path == "environment_sensor.address");
        Assert.Equal((15.0, 28.0), InstrumentProfileReader.Read(lab, "lab-demo.json").Profile!.Suspenders.TemperatureRangeC);
    }
}
