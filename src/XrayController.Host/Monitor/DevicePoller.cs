using System.Text.Json.Nodes;
using XrayController.Core.Devices;
using XrayController.Devices.Errors;

namespace XrayController.Host.Monitor;

/// <summary>
/// Reads the instrument's positions and states about once a second while a scan runs, through the same drivers (their
/// command channels take one command at a time, so a query waits its turn between the engine's): rotation angle, each
/// sample axis, the monochromator's energy and the main shutter. A query that fails (the driver's own timeout) is
/// shown with its error and tried again at the next round; queries are never cancelled half-way, so no late reply can
/// be taken for the engine's.
/// </summary>
internal sealed class DevicePoller(Instrument instrument)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private JsonObject _last = [];
    private DateTimeOffset? _readAt;

    public void Start() => _ = Task.Run(async () =>
    {
        try
        {
            await PollAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The scan ended during a query.
        }
    });

    public void Stop() => _stop.Cancel();

    public JsonObject Snapshot()
    {
        lock (_gate)
        {
            var copy = (JsonObject)_last.DeepClone();
            copy["read_at"] = _readAt?.ToString("O");
            copy["connected"] = !_stop.IsCancellationRequested;
            return copy;
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Cancelled only when the scan has ended, after which the engine sends nothing more.
            var state = new JsonObject
            {
                ["rotation_deg"] = await ReadAsync(instrument.Rotation.GetPositionAsync, cancellationToken).ConfigureAwait(false),
            };
            var axes = new JsonObject();
            foreach ((string name, ILinearAxis axis) in instrument.Axes)
            {
                axes[name] = await ReadAsync(axis.GetPositionAsync, cancellationToken).ConfigureAwait(false);
            }

            state["axes_mm"] = axes;
            if (instrument.Monochromator is { } monochromator)
            {
                state["energy_ev"] = await ReadAsync(monochromator.GetEnergyAsync, cancellationToken).ConfigureAwait(false);
            }

            state["shutter"] = await ReadAsync(async ct => await instrument.Shutter.IsOpenAsync(ct).ConfigureAwait(false) ? "open" : "closed", cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                (_last, _readAt) = (state, DateTimeOffset.UtcNow);
            }

            await Task.Delay(Period, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<JsonNode?> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return JsonValue.Create(await read(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is DeviceException or ObjectDisposedException or InvalidOperationException)
        {
            return new JsonObject { ["error"] = e.Message };
        }
    }
}
