namespace XrayController.Core.Steps;

/// <summary>
/// Writes the step list and remembers what it has commanded, so that nothing is sent twice: a move (and its settle)
/// only when the axis was last sent elsewhere, a shutter command only when the state changes (it is unknown at the
/// start, so the first is always written), and checkpoints numbered in order.
/// </summary>
internal sealed class StepEmitter
{
    private readonly List<Step> _steps = [];
    private readonly Dictionary<string, double> _commanded = new(StringComparer.Ordinal);
    private bool? _shutterOpen;
    private int _checkpoints;

    public IReadOnlyList<Step> Steps => _steps;

    public void Add(Step step) => _steps.Add(step);

    /// <summary>Writes a move and its settle unless the axis was last commanded to the same target; returns whether it moved.</summary>
    public bool Move(string axisKey, double target, Step move, double settleS)
    {
        if (_commanded.TryGetValue(axisKey, out double current) && current == target)
        {
            return false;
        }

        _commanded[axisKey] = target;
        _steps.Add(move);
        Settle(axisKey, settleS);
        return true;
    }

    /// <summary>An axis ends at <paramref name="target"/> by a step that is not a move (a fly sweep's ramp end).</summary>
    public void Reached(string axisKey, double target) => _commanded[axisKey] = target;

    /// <summary>The axis's position is no longer known (a calibration shifted the energy scale): its next move is written whatever the target.</summary>
    public void Forget(string axisKey) => _commanded.Remove(axisKey);

    /// <summary>A relative move from wherever the axis is, and its settle.</summary>
    public void Offset(string axis, double deltaMm, double settleS)
    {
        _steps.Add(new OffsetStep(axis, deltaMm));
        Settle(axis, settleS);
    }

    public void SetShutter(bool open)
    {
        if (_shutterOpen != open)
        {
            _shutterOpen = open;
            _steps.Add(new ShutterStep(open));
        }
    }

    public void Checkpoint(string label) => _steps.Add(new CheckpointStep(_checkpoints++, label));

    private void Settle(string axisKey, double settleS)
    {
        if (settleS > 0)
        {
            _steps.Add(new SettleStep(axisKey, settleS));
        }
    }
}
