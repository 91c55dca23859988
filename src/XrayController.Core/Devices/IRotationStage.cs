using XrayController.Core.Steps;

namespace XrayController.Core.Devices;

/// <summary>The sample rotation stage. Every member returns when the operation has completed; implementations bound each call by a timeout.</summary>
public interface IRotationStage
{
    /// <summary>Moves to an absolute angle and returns once the stage reports it in position.</summary>
    Task MoveToAsync(double angleDeg, CancellationToken cancellationToken);

    /// <summary>The encoder position.</summary>
    Task<double> GetPositionAsync(CancellationToken cancellationToken);

    Task HomeAsync(CancellationToken cancellationToken);

    /// <summary>Stops any motion at once (abort, fault, safety).</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs a fly sweep: moves to its ramp start, arms position-synchronised triggers at each step from the first trigger
    /// angle, rotates through to the ramp end, and returns when the stage has stopped.
    /// </summary>
    Task FlyAsync(FlySweep sweep, CancellationToken cancellationToken);
}
