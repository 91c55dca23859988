namespace XrayController.Core.Timing;

/// <summary>
/// How many command round trips each operation costs with the drivers of <c>src/XrayController.Devices</c>, so that the
/// dry run can charge each device's command time (<c>command_s</c> in the profile) and the in-process simulator can
/// spend it. A conformance test counts the commands the simulators receive and checks these figures.
/// </summary>
public static class CommandCounts
{
    /// <summary>Ensemble: <c>MOVEABS</c>, then one <c>AXISSTATUS</c> after the predicted move time.</summary>
    public const int RotationMove = 2;

    /// <summary>
    /// Ensemble PSO fly sweep beyond its approach move: nine PSO set-up commands, <c>MOVEABS</c>, one <c>AXISSTATUS</c>,
    /// <c>PSOWINDOW … OFF</c> and <c>PSOCONTROL … OFF</c>.
    /// </summary>
    public const int FlySweep = 13;

    /// <summary>GCS: <c>MOV</c>, <c>ERR?</c>, one <c>#5</c> after the predicted move time, <c>ONT?</c>.</summary>
    public const int LinearMove = 4;

    /// <summary>GCS digital output: <c>DIO</c>, <c>ERR?</c>, <c>DIO?</c> after the actuation time.</summary>
    public const int Shutter = 3;

    /// <summary>SIMPLON: the trigger call (the frame's transfer is in the profile's per-frame overhead).</summary>
    public const int SoftwareTrigger = 1;

    /// <summary>SIMPLON set-up of a series: disarm, six configuration keys, arm.</summary>
    public const int DetectorSetup = 8;
}
