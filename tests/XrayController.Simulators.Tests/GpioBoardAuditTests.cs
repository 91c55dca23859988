using System.Device.Gpio;
using XrayController.Core.Timing;
using XrayController.Simulators.Gpio;

namespace XrayController.Simulators.Tests;

/// <summary>The simulated board's safety audit catches what it must, driven through a plain GpioController.</summary>
public sealed class GpioBoardAuditTests
{
    [Fact]
    public void Openings_with_the_door_open_and_shutters_left_open_after_it_opened_are_named()
    {
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var board = new SimulatedGpioBoard([new ShutterWiring("main", 17, 27, 22, 0.02), new ShutterWiring("fast", 23, 24, 25, 0.002)], 5, clock, keepHistory: false);
        using var gpio = new GpioController(board);
        gpio.OpenPin(17, PinMode.Output);
        gpio.OpenPin(23, PinMode.Output);

        gpio.Write(23, PinValue.High);
        gpio.Write(23, PinValue.Low);
        gpio.Write(17, PinValue.High);
        Assert.Equal(["fast shutter opened with the door open or the main shutter closed at 0.000000 s"], board.SafetyViolations());

        clock.AdvanceSeconds(1);
        board.OpenDoor();
        Assert.Contains("main shutter still open after the door opened at 1.000000 s", board.SafetyViolations());
        clock.AdvanceSeconds(1);
        gpio.Write(17, PinValue.Low);
        gpio.Write(17, PinValue.High);
        Assert.Contains("main shutter opened with the door open at 2.000000 s", board.SafetyViolations());
        Assert.Empty(board.History);
    }

    /// <summary>
    /// A virtual clock moved, and another line changed, by another thread between the door's edge and its callback (here:
    /// inside the callback) is no violation when the callback closes the shutter, and still one when it does not.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_door_callback_is_judged_when_it_returns(bool callbackCloses)
    {
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var board = new SimulatedGpioBoard([new ShutterWiring("main", 17, 27, 22, 0.02)], 5, clock, keepHistory: false);
        using var gpio = new GpioController(board);
        gpio.OpenPin(17, PinMode.Output);
        gpio.OpenPin(5, PinMode.Input);
        gpio.OpenPin(6, PinMode.Output);
        gpio.Write(17, PinValue.High);
        gpio.RegisterCallbackForPinValueChangedEvent(5, PinEventTypes.Falling, (_, _) =>
        {
            clock.AdvanceSeconds(1);
            gpio.Write(6, PinValue.High);
            if (callbackCloses)
            {
                gpio.Write(17, PinValue.Low);
            }
        });

        board.OpenDoor();

        Assert.Equal(callbackCloses ? [] : ["main shutter still open after the door opened at 1.000000 s"], board.SafetyViolations().Distinct());
    }
}
