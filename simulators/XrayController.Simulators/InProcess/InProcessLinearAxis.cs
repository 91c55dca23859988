using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;

namespace XrayController.Simulators.InProcess;

/// <summary>A linear axis with trapezoidal moves, positions to 0.1 µm.</summary>
internal sealed class InProcessLinearAxis(LinearAxisProfile profile, TimeProvider time) : ILinearAxis
{
    private const double ResolutionMm = 1e-4;

    private readonly InProcessMotion _motion = new(time, profile.SpeedMmS, profile.AccelerationMmS2, profile.InitialMm, ResolutionMm);

    public string Name => profile.Name;

    public double InitialMm => profile.InitialMm;

    public double PositionMm => _motion.Position;

    public Task MoveToAsync(double positionMm, CancellationToken cancellationToken)
    {
        if (positionMm < profile.MinMm || positionMm > profile.MaxMm)
        {
            throw new ArgumentOutOfRangeException(nameof(positionMm), positionMm, $"{Name} limits are {profile.MinMm} to {profile.MaxMm} mm");
        }

        return MoveAsync(positionMm, cancellationToken);
    }

    private async Task MoveAsync(double positionMm, CancellationToken cancellationToken)
    {
        await time.DelayAsync(TimeSpan.FromSeconds(CommandCounts.LinearMove * profile.CommandS), cancellationToken).ConfigureAwait(false);
        await _motion.MoveToAsync(positionMm, cancellationToken).ConfigureAwait(false);
    }

    public Task<double> GetPositionAsync(CancellationToken cancellationToken) => Task.FromResult(_motion.Position);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _motion.Stop();
        return Task.CompletedTask;
    }
}
