using XrayController.Core.Optics;
using XrayController.Core.Steps;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// What the steps before a checkpoint left the instrument in: positions commanded, energy, shutter, detector set-up,
/// frames counted and the calibration so far. Resuming restores it on the instrument and runs the steps after it, so
/// the stretch a pause interrupted is taken again exactly as planned.
/// </summary>
internal sealed record ExecutorSnapshot(
    int StepIndex,
    string Label,
    double? RotationDeg,
    double? EnergyEv,
    IReadOnlyDictionary<string, double> AxesMm,
    bool ShutterOpen,
    SetSourceStep? Source,
    bool DetectorSetUp,
    double ExposureS,
    int Binning,
    FrameCounts Acquired,
    int Delivered,
    int CalibrationSignals,
    double CalibrationDark,
    EnergyCalibration? Calibration);

/// <summary>
/// What the steps carried out so far have left the instrument in: the detector's set-up, the rotation and energy last
/// commanded, where each linear axis was last sent (so that an offset out of the beam and back returns exactly), the
/// shutter and the source, and the frames taken. A checkpoint freezes it into an <see cref="ExecutorSnapshot"/>; a
/// resume thaws one; a replay notes the steps before the resume point without carrying them out.
/// </summary>
internal sealed class ExecutorState(IReadOnlyDictionary<string, double> axesAtStartMm)
{
    private readonly Dictionary<string, double> _commandedMm = new(axesAtStartMm, StringComparer.Ordinal);
    private int _projections;
    private int _flats;
    private int _darks;

    public double ExposureS { get; private set; }

    public int Binning { get; private set; } = 1;

    public bool DetectorSetUp { get; private set; }

    public double? RotationDeg { get; set; }

    public double? EnergyEv { get; set; }

    public bool ShutterOpen { get; set; }

    public SetSourceStep? Source { get; set; }

    public FrameCounts Acquired => new(_projections, _flats, _darks);

    /// <summary>Frames handed to the sinks so far, retakes included.</summary>
    public int Delivered { get; private set; }

    public void Configure(ConfigureDetectorStep configure) => (ExposureS, Binning, DetectorSetUp) = (configure.ExposureS, configure.Binning, true);

    /// <summary>Where an axis was last sent, when this scan has sent it anywhere (or it was read at the start).</summary>
    public bool TryGetCommandedMm(string axis, out double positionMm) => _commandedMm.TryGetValue(axis, out positionMm);

    public void Commanded(string axis, double positionMm) => _commandedMm[axis] = positionMm;

    /// <summary>A frame went to the sinks.</summary>
    public void Deliver(FrameKind kind)
    {
        Count(kind, 1);
        Delivered++;
    }

    /// <summary>What a step would have left, for a step before the resume point that is not carried out again.</summary>
    public void Note(Step step)
    {
        switch (step)
        {
            case ConfigureDetectorStep configure:
                Configure(configure);
                break;
            case RotateStep rotate:
                RotationDeg = rotate.AngleDeg;
                break;
            case TranslateStep translate:
                Commanded(translate.Axis, translate.PositionMm);
                break;
            case OffsetStep offset when TryGetCommandedMm(offset.Axis, out double from):
                Commanded(offset.Axis, from + offset.DeltaMm);
                break;
            case SetEnergyStep energy:
                EnergyEv = energy.EnergyEv;
                break;
            case ShutterStep shutter:
                ShutterOpen = shutter.Open;
                break;
            case SetSourceStep source:
                Source = source;
                break;
            case AcquireStep acquire:
                Count(acquire.Frame.Kind, 1);
                break;
            case FlyScanStep fly:
                RotationDeg = fly.Sweep.RampEndDeg;
                Count(FrameKind.Projection, fly.Frames.Count);
                break;
            default:
                break;
        }
    }

    public ExecutorSnapshot Freeze(int stepIndex, string label, FoilCalibration calibration) => new(
        stepIndex,
        label,
        RotationDeg,
        EnergyEv,
        new Dictionary<string, double>(_commandedMm, StringComparer.Ordinal),
        ShutterOpen,
        Source,
        DetectorSetUp,
        ExposureS,
        Binning,
        Acquired,
        Delivered,
        calibration.Signals,
        calibration.DarkSignal,
        calibration.Result);

    /// <summary>
    /// Back to a checkpoint's state (the start of the scan when there is none); the axes count as where they were at the
    /// start until they are sent again. Frame counts go back too, so the frames taken again are counted once.
    /// </summary>
    public void Thaw(ExecutorSnapshot? snapshot)
    {
        ExposureS = snapshot?.ExposureS ?? 0;
        Binning = snapshot?.Binning ?? 1;
        DetectorSetUp = snapshot?.DetectorSetUp ?? false;
        RotationDeg = snapshot?.RotationDeg;
        EnergyEv = snapshot?.EnergyEv;
        ShutterOpen = snapshot?.ShutterOpen ?? false;
        Source = snapshot?.Source;
        FrameCounts acquired = snapshot?.Acquired ?? new FrameCounts(0, 0, 0);
        (_projections, _flats, _darks) = (acquired.Projections, acquired.Flats, acquired.Darks);
        _commandedMm.Clear();
        foreach ((string axis, double positionMm) in axesAtStartMm)
        {
            _commandedMm[axis] = positionMm;
        }
    }

    private void Count(FrameKind kind, int frames)
    {
        switch (kind)
        {
            case FrameKind.Projection:
                _projections += frames;
                break;
            case FrameKind.Flat:
                _flats += frames;
                break;
            default:
                _darks += frames;
                break;
        }
    }
}
