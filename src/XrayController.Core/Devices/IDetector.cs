namespace XrayController.Core.Devices;

public enum TriggerMode
{
    /// <summary>Internal series: each software trigger takes the configured number of frames.</summary>
    InternalSeries,

    /// <summary>Internal enable: the software trigger gates the exposure.</summary>
    InternalEnable,

    /// <summary>External series: each hardware pulse (e.g. from the stage's PSO output) takes one frame.</summary>
    ExternalSeries,

    /// <summary>External enable: the hardware pulse width is the exposure.</summary>
    ExternalEnable,
}

/// <summary>Exposure, binning and trigger set-up of a detector series.</summary>
public sealed record DetectorConfiguration(double ExposureS, int Binning, TriggerMode Trigger, int FramesPerTrigger, int TriggerCount);

/// <summary>
/// One frame as the detector delivers it: row-major pixels with its shape, its number in the armed series, and when its
/// exposure started (on the instrument's clock). The engine tags it with the planned frame.
/// </summary>
public sealed record DetectorFrame(long ImageNumber, int Rows, int Columns, ReadOnlyMemory<ushort> Pixels, DateTimeOffset ExposureStart);

/// <summary>An area detector. Frames arrive on <see cref="ReadFrameAsync"/> in the order they were taken.</summary>
public interface IDetector
{
    Task ConfigureAsync(DetectorConfiguration configuration, CancellationToken cancellationToken);

    Task ArmAsync(CancellationToken cancellationToken);

    /// <summary>A software trigger (internal trigger modes).</summary>
    Task TriggerAsync(CancellationToken cancellationToken);

    Task DisarmAsync(CancellationToken cancellationToken);

    /// <summary>Waits for the next frame of the armed series.</summary>
    Task<DetectorFrame> ReadFrameAsync(CancellationToken cancellationToken);
}
