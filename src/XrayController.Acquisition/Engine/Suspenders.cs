namespace XrayController.Acquisition.Engine;

/// <summary>The suspenders a scan runs with, by the device each watches; null where the instrument lacks the device.</summary>
internal sealed record Suspenders(BeamSuspender? Beam, InterlockSuspender? Interlock, EnvironmentSuspender? Environment, DiskSuspender? Disk);
