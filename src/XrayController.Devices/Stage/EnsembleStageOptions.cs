namespace XrayController.Devices.Stage;

/// <summary>
/// Settings of an Ensemble-driven rotation stage: axis index (motion commands) and name (PSO commands), the dynamics the
/// controller is configured with (used to predict move times and poll little), the soft limits checked before a command
/// is sent, and the PSO pulse shape.
/// </summary>
public sealed record EnsembleStageOptions(
    double SpeedDegS,
    double AccelerationDegS2,
    double EncoderCountsPerDeg,
    double MinDeg,
    double MaxDeg,
    int AxisIndex = 0,
    string AxisName = "X",
    double PulsePeriodUs = 20,
    double PulseOnUs = 10);
