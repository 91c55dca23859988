namespace XrayController.Core.Steps;

/// <summary>
/// One instruction of a compiled scan. The same list drives the dry run (on a virtual clock), the simulated
/// instrument and the real one, so the estimate and the run cannot drift apart.
/// </summary>
public abstract record Step;

/// <summary>Exposure and binning for the frames that follow.</summary>
public sealed record ConfigureDetectorStep(double ExposureS, int Binning) : Step;

/// <summary>Sets a laboratory tube's operating point and switches it on (it stays on until the scan ends).</summary>
public sealed record SetSourceStep(double VoltageKv, double CurrentUa) : Step;

public sealed record RotateStep(double AngleDeg) : Step;

/// <summary>Moves a linear axis of the profile (<c>sample_x</c>, <c>sample_z</c>, <c>focus_to_sample</c> …) to an absolute position.</summary>
public sealed record TranslateStep(string Axis, double PositionMm) : Step;

/// <summary>
/// Moves a linear axis by an offset from where it is: used to take the sample out of the beam for flats and back, so that
/// the in-beam position is wherever the user aligned the sample.
/// </summary>
public sealed record OffsetStep(string Axis, double DeltaMm) : Step;

/// <summary>Moves the monochromator to an energy.</summary>
public sealed record SetEnergyStep(double EnergyEv) : Step;

/// <summary>Waits for an axis to settle after a move (<see cref="Axis"/> is <c>rotation</c>, <c>energy</c> or a linear axis name).</summary>
public sealed record SettleStep(string Axis, double Seconds) : Step
{
    public const string Rotation = "rotation";
    public const string Energy = "energy";
}

/// <summary>Opens or closes the beam shutter.</summary>
public sealed record ShutterStep(bool Open) : Step;

/// <summary>Takes one frame with a software trigger.</summary>
public sealed record AcquireStep(FrameInfo Frame) : Step;

/// <summary>
/// A continuous rotation during which the stage's position-synchronised output triggers one frame every
/// <see cref="Sweep"/>.StepDeg, starting at <see cref="Sweep"/>.StartDeg.
/// </summary>
public sealed record FlyScanStep(FlySweep Sweep, IReadOnlyList<FrameInfo> Frames) : Step;

/// <summary>A point where every earlier frame is complete and the scan may pause, and from which it can resume.</summary>
public sealed record CheckpointStep(int Index, string Label) : Step
{
    /// <summary>The label of the checkpoint that opens an energy calibration.</summary>
    public const string EnergyCalibration = "energy calibration";
}

/// <summary>One exposure of the energy calibration (reference foil in the beam, sample out), kept by the engine, not written as a frame; a dark one when <paramref name="Dark"/>.</summary>
public sealed record CalibrationExposureStep(double EnergyEv, bool Dark = false) : Step;

/// <summary>Places the foil's edge (maximum derivative of −ln of the calibration exposures) and shifts every later energy so that it sits at <paramref name="ReferenceEdgeEv"/>.</summary>
public sealed record ApplyEnergyCalibrationStep(double ReferenceEdgeEv) : Step;
