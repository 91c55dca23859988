namespace XrayController.Core.Devices;

/// <summary>
/// The personnel-safety lines the controller drives, with their rules in one place: the main shutter opens only during
/// a scan and only while the hutch door's interlock is closed; the fast shutter opens only while the main one is open;
/// the X-ray tube turns on only while the interlock is closed; an interlock opening closes both shutters and turns the
/// tube off at once. The X-ray-on lamp is lit while the main shutter or the tube may emit. It mirrors the facility's
/// hardware personnel-safety system and never replaces it.
/// </summary>
public interface ISafetySystem
{
    IShutter MainShutter { get; }

    /// <summary>The exposure shutter, cycled around each frame, or null.</summary>
    IShutter? FastShutter { get; }

    /// <summary>The X-ray tube behind the interlock, or null.</summary>
    IXraySource? Source { get; }

    bool InterlockClosed { get; }

    /// <summary>Raised after an interlock opening has closed the shutters and turned the tube off.</summary>
    event Action? InterlockOpened;

    /// <summary>From now until <see cref="EndScanAsync"/>, the main shutter may open (while the interlock is closed).</summary>
    Task BeginScanAsync(CancellationToken cancellationToken);

    /// <summary>Closes both shutters, turns the tube off and withdraws the main shutter's permission.</summary>
    Task EndScanAsync(CancellationToken cancellationToken);
}

/// <summary>A safety rule refused an action (a shutter outside a scan or with the door open, the tube with the door open).</summary>
public sealed class SafetyInterlockException(string message) : InvalidOperationException(message);
