using System.Device.Gpio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;

namespace XrayController.Devices.Safety;

/// <summary>
/// <see cref="ISafetySystem"/> on GPIO lines through <see cref="GpioController"/>: shutter command outputs with open and
/// closed switch inputs, the door interlock input (high while closed) watched by an edge callback, and the X-ray lamp
/// output. Every action that could expose goes through <see cref="Permit"/>; the interlock callback drives the shutter
/// outputs low itself (no command round trip) before it tells anyone. Disposing closes everything.
/// </summary>
public sealed partial class GpioSafetySystem : ISafetySystem, IAsyncDisposable
{
    private readonly GpioController _gpio;
    private readonly SafetyProfile _profile;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly GuardedSource? _source;
    private bool _scanActive;

    public GpioSafetySystem(GpioController gpio, SafetyProfile profile, TimeProvider time, IXraySource? source, ILogger<GpioSafetySystem>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        ArgumentNullException.ThrowIfNull(profile);
        _gpio = gpio;
        _profile = profile;
        _logger = logger ?? NullLogger<GpioSafetySystem>.Instance;
        OpenOutput(profile.MainShutter.CommandPin);
        OpenOutput(profile.XrayLampPin);
        OpenInput(profile.MainShutter.OpenPin);
        OpenInput(profile.MainShutter.ClosedPin);
        OpenInput(profile.DoorInterlockPin);
        MainShutter = new GpioShutter(this, "main shutter", profile.MainShutter, time);
        if (profile.FastShutter is { } fast)
        {
            OpenOutput(fast.CommandPin);
            OpenInput(fast.OpenPin);
            OpenInput(fast.ClosedPin);
            FastShutter = new GpioShutter(this, "fast shutter", fast, time);
        }

        _source = source is null ? null : new GuardedSource(this, source);
        _gpio.RegisterCallbackForPinValueChangedEvent(profile.DoorInterlockPin, PinEventTypes.Falling, OnDoorEdge);
    }

    public event Action? InterlockOpened;

    public IShutter MainShutter { get; }

    public IShutter? FastShutter { get; }

    public IXraySource? Source => _source;

    public bool InterlockClosed => _gpio.Read(_profile.DoorInterlockPin) == PinValue.High;

    public Task BeginScanAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _scanActive = true;
        }

        return Task.CompletedTask;
    }

    public async Task EndScanAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _scanActive = false;
            CloseShuttersLocked();
        }

        if (_source is not null)
        {
            await _source.SetBeamOnAsync(false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _gpio.UnregisterCallbackForPinValueChangedEvent(_profile.DoorInterlockPin, OnDoorEdge);
        try
        {
            await EndScanAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gpio.Dispose();
        }
    }

    /// <summary>
    /// Drives a shutter's command output, under the rules: opening the main shutter needs a scan and a closed interlock;
    /// the fast one needs the main one commanded open. Closing is always allowed, and closing the main shutter closes the
    /// fast one with it.
    /// </summary>
    internal void Command(ShutterPins shutter, bool open, string name)
    {
        lock (_gate)
        {
            if (open)
            {
                Permit(shutter, name);
            }
            else if (shutter == _profile.MainShutter && _profile.FastShutter is { } fast)
            {
                _gpio.Write(fast.CommandPin, PinValue.Low);
            }

            _gpio.Write(shutter.CommandPin, open ? PinValue.High : PinValue.Low);
            UpdateLampLocked();
        }
    }

    internal PinValue Read(int pin) => _gpio.Read(pin);

    /// <summary>The tube may turn on only while the interlock is closed.</summary>
    internal void PermitSource(bool on)
    {
        lock (_gate)
        {
            if (on && !InterlockClosed)
            {
                throw new SafetyInterlockException("the X-ray tube cannot turn on: the hutch door interlock is open");
            }

            UpdateLampLocked();
        }
    }

    internal void SourceChanged()
    {
        lock (_gate)
        {
            UpdateLampLocked();
        }
    }

    private void Permit(ShutterPins shutter, string name)
    {
        if (!InterlockClosed)
        {
            throw new SafetyInterlockException($"the {name} cannot open: the hutch door interlock is open");
        }

        if (shutter == _profile.MainShutter && !_scanActive)
        {
            throw new SafetyInterlockException($"the {name} opens only during a scan");
        }

        if (shutter != _profile.MainShutter && _gpio.Read(_profile.MainShutter.CommandPin) != PinValue.High)
        {
            throw new SafetyInterlockException($"the {name} opens only while the main shutter is open");
        }
    }

    /// <summary>The door opened: shutters closed by their outputs at once, then the tube off, then the listeners told.</summary>
    private void OnDoorEdge(object sender, PinValueChangedEventArgs args)
    {
        lock (_gate)
        {
            CloseShuttersLocked();
        }

        LogInterlockOpened();
        _source?.TripOff(_logger);
        InterlockOpened?.Invoke();
    }

    private void CloseShuttersLocked()
    {
        if (_profile.FastShutter is { } fast)
        {
            _gpio.Write(fast.CommandPin, PinValue.Low);
        }

        _gpio.Write(_profile.MainShutter.CommandPin, PinValue.Low);
        UpdateLampLocked();
    }

    private void UpdateLampLocked() =>
        _gpio.Write(_profile.XrayLampPin, _gpio.Read(_profile.MainShutter.CommandPin) == PinValue.High || (_source?.On ?? false) ? PinValue.High : PinValue.Low);

    private void OpenOutput(int pin) => _gpio.OpenPin(pin, PinMode.Output, PinValue.Low);

    private void OpenInput(int pin) => _gpio.OpenPin(pin, PinMode.Input);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hutch door interlock opened: shutters closed, X-ray tube off")]
    private partial void LogInterlockOpened();
}
