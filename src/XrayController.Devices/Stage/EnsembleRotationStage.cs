using System.Globalization;
using XrayController.Core.Devices;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Devices.Errors;
using XrayController.Devices.Transports;
using XrayController.Protocols.Ensemble;

namespace XrayController.Devices.Stage;

/// <summary>
/// A rotation stage on an Aerotech Ensemble controller (ASCII interface, <c>firmware-protocols/aerotech-ensemble.md</c>).
/// Every reply is checked: <c>!</c> (not acknowledged) and <c>$</c> (controller timeout) become typed errors at once; a
/// <c>#</c> (fault) is followed by <c>AXISFAULT</c> so the error names the fault bits; a reply whose shape does not fit
/// the command (a value where none is due, no value where one is) is a protocol error. Moves use NOWAIT mode, sleep for
/// the predicted trapezoid time and then poll <c>AXISSTATUS</c>. Fly sweeps program the PSO to pulse every step from the
/// first frame angle.
/// </summary>
public sealed class EnsembleRotationStage : IRotationStage, IAsyncDisposable
{
    private readonly CommandChannel _channel;
    private readonly EnsembleStageOptions _options;
    private readonly TimeProvider _time;
    private double? _lastTargetDeg;

    private EnsembleRotationStage(CommandChannel channel, EnsembleStageOptions options, TimeProvider time)
    {
        _channel = channel;
        _options = options;
        _time = time;
    }

    /// <summary>Takes the channel, sets NOWAIT mode, enables the axis and refuses to go on if the axis reports a fault.</summary>
    public static async Task<EnsembleRotationStage> ConnectAsync(CommandChannel channel, EnsembleStageOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var stage = new EnsembleRotationStage(channel, options, time);
        try
        {
            await stage.ExecuteAsync(EnsembleCommands.WaitModeNoWait, cancellationToken).ConfigureAwait(false);
            int fault = (int)await stage.QueryNumberAsync(EnsembleCommands.AxisFault(options.AxisIndex), cancellationToken).ConfigureAwait(false);
            if (fault != 0)
            {
                throw new DeviceFaultException(channel.Device, EnsembleCommands.AxisFault(options.AxisIndex), fault.ToString(CultureInfo.InvariantCulture), $"the axis is faulted ({(EnsembleAxisFault)fault}); clear the cause, then FAULTACK");
            }

            await stage.ExecuteAsync(EnsembleCommands.Enable(options.AxisIndex), cancellationToken).ConfigureAwait(false);
            return stage;
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task MoveToAsync(double angleDeg, CancellationToken cancellationToken)
    {
        CheckLimits(angleDeg);
        double from = _lastTargetDeg ?? await GetPositionAsync(cancellationToken).ConfigureAwait(false);
        await MoveAsync(from, angleDeg, _options.SpeedDegS, cancellationToken).ConfigureAwait(false);
    }

    public Task<double> GetPositionAsync(CancellationToken cancellationToken) =>
        QueryNumberAsync(EnsembleCommands.PositionFeedback(_options.AxisIndex), cancellationToken);

    public async Task HomeAsync(CancellationToken cancellationToken)
    {
        double from = await GetPositionAsync(cancellationToken).ConfigureAwait(false);
        string command = EnsembleCommands.Home(_options.AxisIndex);
        _lastTargetDeg = null;
        await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        await WaitInPositionAsync(command, TrapezoidalMove.DurationS(from, _options.SpeedDegS, _options.AccelerationDegS2), cancellationToken).ConfigureAwait(false);
        _lastTargetDeg = 0;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _lastTargetDeg = null;
        return ExecuteAsync(EnsembleCommands.Abort(_options.AxisIndex), cancellationToken);
    }

    /// <summary>
    /// Approach the ramp start, settle, program the PSO (a pulse every step's counts, counted from the arm position at the
    /// ramp start, windowed to exactly the frame positions), arm, sweep to the ramp end at the frame speed, switch off.
    /// The taxi is a whole number of steps, so the pulses fall on the planned frame angles.
    /// </summary>
    public async Task FlyAsync(FlySweep sweep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        CheckLimits(sweep.RampStartDeg);
        CheckLimits(sweep.RampEndDeg);
        await MoveToAsync(sweep.RampStartDeg, cancellationToken).ConfigureAwait(false);
        await _time.DelayAsync(TimeSpan.FromSeconds(sweep.SettleS), cancellationToken).ConfigureAwait(false);
        string axis = _options.AxisName;
        long step = sweep.StepCounts;
        long firstPulse = (long)Math.Round(sweep.TaxiDeg / sweep.StepDeg) * step;
        long lastPulse = firstPulse + ((sweep.Count - 1) * step);
        string[] setup =
        [
            EnsembleCommands.PsoReset(axis),
            EnsembleCommands.PsoOutputControl(axis),
            EnsembleCommands.PsoPulseTime(axis, _options.PulsePeriodUs, _options.PulseOnUs),
            EnsembleCommands.PsoOutputPulseWindowMask(axis),
            EnsembleCommands.PsoTrackInput(axis, 3),
            EnsembleCommands.PsoDistance(axis, step),
            EnsembleCommands.PsoWindowInput(axis, 3),
            EnsembleCommands.PsoWindowRange(axis, firstPulse - (step / 2), lastPulse + (step / 2)),
            EnsembleCommands.PsoArm(axis),
        ];
        foreach (string command in setup)
        {
            await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await MoveAsync(sweep.RampStartDeg, sweep.RampEndDeg, sweep.SpeedDegS, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ExecuteAsync(EnsembleCommands.PsoWindowOff(axis), CancellationToken.None).ConfigureAwait(false);
            await ExecuteAsync(EnsembleCommands.PsoOff(axis), CancellationToken.None).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();

    /// <summary>
    /// A move whose start is known (the last target reached, so that no query is spent on it): the prediction of its
    /// duration needs the distance. Until the move is confirmed in position the start is unknown again.
    /// </summary>
    private async Task MoveAsync(double fromDeg, double toDeg, double speedDegS, CancellationToken cancellationToken)
    {
        string command = EnsembleCommands.MoveAbsolute(_options.AxisIndex, toDeg, speedDegS);
        _lastTargetDeg = null;
        await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        await WaitInPositionAsync(command, TrapezoidalMove.DurationS(toDeg - fromDeg, speedDegS, _options.AccelerationDegS2), cancellationToken).ConfigureAwait(false);
        _lastTargetDeg = toDeg;
    }

    private void CheckLimits(double angleDeg)
    {
        if (!double.IsFinite(angleDeg) || angleDeg < _options.MinDeg || angleDeg > _options.MaxDeg)
        {
            throw new ArgumentOutOfRangeException(nameof(angleDeg), angleDeg, $"{_channel.Device}: {angleDeg} deg is outside the stage's limits {_options.MinDeg} to {_options.MaxDeg} deg");
        }
    }

    private Task WaitInPositionAsync(string command, double expectedS, CancellationToken cancellationToken) =>
        MotionWait.UntilAsync(
            _time,
            expectedS,
            async ct =>
            {
                var status = (EnsembleAxisStatus)(int)await QueryNumberAsync(EnsembleCommands.AxisStatus(_options.AxisIndex), ct).ConfigureAwait(false);
                if (!status.HasFlag(EnsembleAxisStatus.Enabled))
                {
                    throw await FaultAsync(command, "the axis was disabled during the move", ct).ConfigureAwait(false);
                }

                return status.HasFlag(EnsembleAxisStatus.InPosition) && !status.HasFlag(EnsembleAxisStatus.MoveActive);
            },
            allowance => new DeviceTimeoutException(_channel.Device, command, null, allowance),
            _channel.Timeout,
            cancellationToken);

    /// <summary>A statement: the reply must be a bare <c>%</c>.</summary>
    private async Task ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        EnsembleReply reply = await SendAsync(command, cancellationToken).ConfigureAwait(false);
        if (reply.Payload.Length != 0)
        {
            throw new DeviceProtocolException(_channel.Device, command, reply.Format(), "a value came back where none is due (a reply to another command?)");
        }
    }

    /// <summary>A function: the reply must be <c>%</c> and a number.</summary>
    private async Task<double> QueryNumberAsync(string command, CancellationToken cancellationToken)
    {
        EnsembleReply reply = await SendAsync(command, cancellationToken).ConfigureAwait(false);
        return reply.TryGetNumber(out double value)
            ? value
            : throw new DeviceProtocolException(_channel.Device, command, reply.Format(), "the reply carries no number (a reply to another command?)");
    }

    private async Task<EnsembleReply> SendAsync(string command, CancellationToken cancellationToken)
    {
        string line = await _channel.QueryAsync(command, cancellationToken).ConfigureAwait(false);
        if (!EnsembleReply.TryParse(line, out EnsembleReply reply))
        {
            throw new DeviceProtocolException(_channel.Device, command, line, "garbled reply: it does not start with % ! # or $");
        }

        return reply.Kind switch
        {
            EnsembleReplyKind.Acknowledged => reply,
            EnsembleReplyKind.NotAcknowledged => throw new DeviceFaultException(_channel.Device, command, line, "not acknowledged: the controller did not accept the command"),
            EnsembleReplyKind.Timeout => throw new DeviceTimeoutException(_channel.Device, command, line, _channel.Timeout),
            _ => throw await FaultAsync(command, "fault reply", cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Reads <c>AXISFAULT</c> to say which fault the controller has; the fault itself is not cleared.</summary>
    private async Task<DeviceFaultException> FaultAsync(string command, string what, CancellationToken cancellationToken)
    {
        string query = EnsembleCommands.AxisFault(_options.AxisIndex);
        string line = await _channel.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        string detail = EnsembleReply.TryParse(line, out EnsembleReply reply) && reply.Kind == EnsembleReplyKind.Acknowledged && reply.TryGetNumber(out double bits)
            ? $"AXISFAULT={(int)bits} ({(EnsembleAxisFault)(int)bits})"
            : $"AXISFAULT unreadable: '{DeviceException.Printable(line)}'";
        return new DeviceFaultException(_channel.Device, command, "#", $"{what}; {detail}");
    }
}
