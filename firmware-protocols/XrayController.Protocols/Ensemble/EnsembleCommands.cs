namespace XrayController.Protocols.Ensemble;

/// <summary>
/// The commands of the subset in <c>aerotech-ensemble.md</c>, formatted as the controller expects them. Motion commands
/// address the axis by index (<c>@0</c>); PSO commands by name (<c>X</c>), as the Ensemble PSO reference writes them.
/// </summary>
public static class EnsembleCommands
{
    public static string WaitModeNoWait => "WAIT MODE NOWAIT";

    public static string Enable(int axis) => $"ENABLE @{axis}";

    public static string Home(int axis) => $"HOME @{axis}";

    public static string MoveAbsolute(int axis, double positionDeg, double speedDegS) =>
        $"MOVEABS @{axis} {EnsembleCommand.Number(positionDeg)} F{EnsembleCommand.Number(speedDegS)}";

    public static string Abort(int axis) => $"ABORT @{axis}";

    public static string FaultAcknowledge(int axis) => $"FAULTACK @{axis}";

    public static string PositionFeedback(int axis) => $"PFBKPROG(@{axis})";

    public static string AxisStatus(int axis) => $"AXISSTATUS(@{axis})";

    public static string AxisFault(int axis) => $"AXISFAULT(@{axis})";

    public static string PsoReset(string axis) => $"PSOCONTROL {axis} RESET";

    public static string PsoOutputControl(string axis) => $"PSOOUTPUT {axis} CONTROL 1";

    /// <summary>Pulse period and on-time in µs (Ensemble <c>PSOPULSE … TIME total,on</c>).</summary>
    public static string PsoPulseTime(string axis, double totalUs, double onUs) =>
        $"PSOPULSE {axis} TIME {EnsembleCommand.Number(totalUs)},{EnsembleCommand.Number(onUs)}";

    public static string PsoOutputPulseWindowMask(string axis) => $"PSOOUTPUT {axis} PULSE WINDOW MASK";

    public static string PsoTrackInput(string axis, int input) => $"PSOTRACK {axis} INPUT {input}";

    public static string PsoDistance(string axis, long counts) => $"PSODISTANCE {axis} FIXED {counts}";

    public static string PsoWindowInput(string axis, int input) => $"PSOWINDOW {axis} 1 INPUT {input}";

    public static string PsoWindowRange(string axis, long fromCounts, long toCounts) => $"PSOWINDOW {axis} 1 RANGE {fromCounts},{toCounts}";

    public static string PsoArm(string axis) => $"PSOCONTROL {axis} ARM";

    public static string PsoWindowOff(string axis) => $"PSOWINDOW {axis} OFF";

    public static string PsoOff(string axis) => $"PSOCONTROL {axis} OFF";
}
