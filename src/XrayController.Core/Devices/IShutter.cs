namespace XrayController.Core.Devices;

/// <summary>A beam shutter; <see cref="SetOpenAsync"/> returns once the position switches confirm the new state.</summary>
public interface IShutter
{
    Task SetOpenAsync(bool open, CancellationToken cancellationToken);

    Task<bool> IsOpenAsync(CancellationToken cancellationToken);
}
