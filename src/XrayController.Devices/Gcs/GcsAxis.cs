using XrayController.Core.Timing;
using XrayController.Devices.Errors;
using XrayController.Devices.Transports;
using XrayController.Protocols.Gcs;

namespace XrayController.Devices.Gcs;

/// <summary>
/// One servo axis on a GCS controller: servo on and reference at connection (a reference move if the axis is not yet
/// referenced), velocity set from the profile, moves checked against the soft limits, then <c>MOV</c>, <c>ERR?</c>, a
/// sleep for the predicted trapezoid, and <c>#5</c> polls until it stops, then <c>ONT?</c>: four round trips a move.
/// </summary>
public sealed class GcsAxis : IAsyncDisposable
{
    private readonly GcsController _controller;
    private readonly TimeProvider _time;

    /// <summary>Where the last confirmed move ended (the start of the next, without a query); null when unknown.</summary>
    private double? _lastTarget;

    private GcsAxis(GcsController controller, GcsAxisOptions options, TimeProvider time)
    {
        _controller = controller;
        Options = options;
        _time = time;
    }

    public GcsAxisOptions Options { get; }

    public string Device => _controller.Device;

    public static async Task<GcsAxis> ConnectAsync(GcsController controller, GcsAxisOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(options);
        var axis = new GcsAxis(controller, options, time);
        try
        {
            string id = controller.Axis;
            await controller.SetAsync(GcsCommands.ServoOn(id), cancellationToken).ConfigureAwait(false);
            if (!await controller.QueryAxisFlagAsync(GcsCommands.IsReferenced(id), cancellationToken).ConfigureAwait(false))
            {
                await controller.SetAsync(GcsCommands.Reference(id), cancellationToken).ConfigureAwait(false);
                await axis.WaitReferencedAsync(cancellationToken).ConfigureAwait(false);
            }

            await controller.SetAsync(GcsCommands.Velocity(id, options.Speed), cancellationToken).ConfigureAwait(false);
            return axis;
        }
        catch
        {
            await controller.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task MoveToAsync(double position, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(position) || position < Options.Min || position > Options.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"{Device}: {position} is outside the limits of {Options.Name}, {Options.Min} to {Options.Max}");
        }

        double from = _lastTarget ?? await GetPositionAsync(cancellationToken).ConfigureAwait(false);
        string command = GcsCommands.Move(_controller.Axis, position);
        _lastTarget = null;
        await _controller.SetAsync(command, cancellationToken).ConfigureAwait(false);
        await WaitStoppedAsync(command, position - from, cancellationToken).ConfigureAwait(false);
        if (!await _controller.QueryAxisFlagAsync(GcsCommands.OnTarget(_controller.Axis), cancellationToken).ConfigureAwait(false))
        {
            throw new DeviceFaultException(Device, command, "ONT? 0", "the axis stopped off target");
        }

        _lastTarget = position;
    }

    public Task<double> GetPositionAsync(CancellationToken cancellationToken) =>
        _controller.QueryAxisNumberAsync(GcsCommands.Position(_controller.Axis), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _lastTarget = null;
        return _controller.StopAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _controller.DisposeAsync();

    /// <summary>A reference search has no predictable length: poll from the start, allowing twice a full-travel move.</summary>
    private Task WaitReferencedAsync(CancellationToken cancellationToken)
    {
        string command = GcsCommands.Reference(_controller.Axis);
        double allowanceS = (2 * TrapezoidalMove.DurationS(Options.Max - Options.Min, Options.Speed, Options.Acceleration)) + 1;
        return MotionWait.UntilAsync(
            _time,
            0,
            async ct => !await _controller.IsMovingAsync(ct).ConfigureAwait(false),
            allowance => new DeviceTimeoutException(Device, command, null, allowance),
            _controller.Timeout,
            cancellationToken,
            allowanceS);
    }

    private Task WaitStoppedAsync(string command, double distance, CancellationToken cancellationToken) =>
        MotionWait.UntilAsync(
            _time,
            TrapezoidalMove.DurationS(distance, Options.Speed, Options.Acceleration),
            async ct => !await _controller.IsMovingAsync(ct).ConfigureAwait(false),
            allowance => new DeviceTimeoutException(Device, command, null, allowance),
            _controller.Timeout,
            cancellationToken);
}
