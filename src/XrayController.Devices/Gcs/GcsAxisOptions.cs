namespace XrayController.Devices.Gcs;

/// <summary>
/// A GCS axis as the profile describes it, in the axis's own unit (mm for linear stages, degrees for a Bragg axis): the
/// velocity to set, the acceleration it is configured with (to predict move times), and the soft limits checked before
/// a move is sent.
/// </summary>
public sealed record GcsAxisOptions(string Name, double Speed, double Acceleration, double Min, double Max);
