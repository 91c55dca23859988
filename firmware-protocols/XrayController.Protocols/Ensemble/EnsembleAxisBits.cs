namespace XrayController.Protocols.Ensemble;

/// <summary>The bits of <c>AXISSTATUS(@n)</c> this subset uses (Ensemble help, "AxisStatus"; EPICS motor <c>drvEnsemble.h</c>).</summary>
[Flags]
public enum EnsembleAxisStatus
{
    None = 0,
    Enabled = 1 << 0,
    Homed = 1 << 1,
    InPosition = 1 << 2,
    MoveActive = 1 << 3,
}

/// <summary>The bits of <c>AXISFAULT(@n)</c> this subset uses (Ensemble help, "AxisFault").</summary>
[Flags]
public enum EnsembleAxisFault
{
    None = 0,
    PositionError = 1 << 0,
    OverCurrent = 1 << 1,
    CwEndOfTravel = 1 << 2,
    CcwEndOfTravel = 1 << 3,
    CwSoftwareLimit = 1 << 4,
    CcwSoftwareLimit = 1 << 5,
    Amplifier = 1 << 6,
    PositionFeedback = 1 << 7,
}
