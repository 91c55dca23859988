using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Devices.Errors;
using XrayController.Devices.Gcs;
using XrayController.Devices.Stage;
using XrayController.Devices.Transports;

namespace XrayController.Devices.Tests;

/// <summary>Bad replies of every kind become typed errors that name the device, the command and what came back.</summary>
public class DriverErrorTests
{
    /// <summary>The reply timeout of the tests that wait one out; the rest wait long enough for a loaded CI machine.</summary>
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PatientTimeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("?garbage\n", typeof(DeviceProtocolException), "garbled reply")]
    [InlineData("%12.5\n", typeof(DeviceProtocolException), "a reply to another command?")]
    [InlineData("!\n", typeof(DeviceFaultException), "not acknowledged")]
    [InlineData("$\n", typeof(DeviceTimeoutException), "reply '$'")]
    [InlineData("%", typeof(DeviceTimeoutException), "received only part of one")]
    [InlineData("", typeof(DeviceTimeoutException), "no complete reply within 2 s")]
    public async Task A_bad_reply_to_a_move_is_a_typed_error_naming_device_command_and_reply(string reply, Type expected, string text)
    {
        await using var peer = new ScriptedLinePeer();
        EnsembleRotationStage stage = await ConnectStageAsync(peer, ShortTimeout);
        Task<DeviceException> move = Assert.ThrowsAnyAsync<DeviceException>(() => stage.MoveToAsync(10, CancellationToken.None));
        Assert.Equal("PFBKPROG(@0)", await peer.ReadCommandAsync(false, CancellationToken.None));
        await peer.WriteAsync("%0\n", CancellationToken.None);
        Assert.Equal("MOVEABS @0 10 F180", await peer.ReadCommandAsync(false, CancellationToken.None));
        await peer.WriteAsync(reply, CancellationToken.None);

        DeviceException error = await move;

        Assert.IsType(expected, error);
        Assert.Contains("stage under test: MOVEABS @0 10 F180", error.Message, StringComparison.Ordinal);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        await stage.DisposeAsync();
    }

    [Fact]
    public async Task A_late_reply_after_a_timeout_is_not_taken_for_the_next_command()
    {
        await using var peer = new ScriptedLinePeer();
        EnsembleRotationStage stage = await ConnectStageAsync(peer, ShortTimeout);
        Task<DeviceTimeoutException> first = Assert.ThrowsAsync<DeviceTimeoutException>(() => stage.GetPositionAsync(CancellationToken.None));
        Assert.Equal("PFBKPROG(@0)", await peer.ReadCommandAsync(false, CancellationToken.None));
        await first;
        await peer.WriteAsync("%1\n", CancellationToken.None);
        await Task.Delay(100);

        Task<double> second = stage.GetPositionAsync(CancellationToken.None);
        Assert.Equal("PFBKPROG(@0)", await peer.ReadCommandAsync(false, CancellationToken.None));
        await peer.WriteAsync("%2\n", CancellationToken.None);

        Assert.Equal(2, await second);
        await stage.DisposeAsync();
    }

    [Fact]
    public async Task A_controller_that_goes_away_is_a_connection_error()
    {
        var peer = new ScriptedLinePeer();
        EnsembleRotationStage stage = await ConnectStageAsync(peer, PatientTimeout);
        await peer.DisposeAsync();

        DeviceConnectionException error = await Assert.ThrowsAsync<DeviceConnectionException>(() => stage.GetPositionAsync(CancellationToken.None));

        Assert.Contains("PFBKPROG(@0)", error.Message, StringComparison.Ordinal);
        await stage.DisposeAsync();
    }

    [Theory]
    [InlineData("2=5.0", "no '1=value' line")]
    [InlineData("1=five", "not a number")]
    public async Task A_gcs_reply_for_another_axis_or_not_a_number_is_a_protocol_error(string reply, string text)
    {
        await using var peer = new ScriptedLinePeer();
        var controller = new GcsController(await LineDriverConformanceTests.ChannelAsync(peer));
        Task<DeviceProtocolException> query = Assert.ThrowsAsync<DeviceProtocolException>(() => controller.QueryAxisNumberAsync("POS? 1", CancellationToken.None));
        Assert.Equal("POS? 1", await peer.ReadCommandAsync(false, CancellationToken.None));
        await peer.WriteAsync(reply + "\n", CancellationToken.None);

        Assert.Contains(text, (await query).Message, StringComparison.Ordinal);
        await controller.DisposeAsync();
    }

    [Fact]
    public async Task A_gcs_error_code_names_the_command_and_its_meaning()
    {
        await using var peer = new ScriptedLinePeer();
        var controller = new GcsController(await LineDriverConformanceTests.ChannelAsync(peer));
        Task<DeviceFaultException> move = Assert.ThrowsAsync<DeviceFaultException>(() => controller.SetAsync("MOV 1 50", CancellationToken.None));
        Assert.Equal("MOV 1 50", await peer.ReadCommandAsync(false, CancellationToken.None));
        Assert.Equal("ERR?", await peer.ReadCommandAsync(false, CancellationToken.None));
        await peer.WriteAsync("7\n", CancellationToken.None);

        DeviceFaultException error = await move;

        Assert.Contains("MOV 1 50: error 7: position out of limits", error.Message, StringComparison.Ordinal);
        await controller.DisposeAsync();
    }

    [Fact]
    public async Task A_move_beyond_the_soft_limits_is_refused_before_anything_is_sent()
    {
        await using var peer = new ScriptedLinePeer();
        EnsembleRotationStage stage = await ConnectStageAsync(peer, PatientTimeout);

        ArgumentOutOfRangeException error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stage.MoveToAsync(400, CancellationToken.None));

        Assert.Contains("outside the stage's limits -360 to 360 deg", error.Message, StringComparison.Ordinal);
        await stage.DisposeAsync();
    }

    [Fact]
    public async Task A_serial_port_that_is_not_there_is_reported_as_missing()
    {
        var link = new DeviceLink("test", "/dev/ttyUSB-not-plugged-in", DeviceConnections.DefaultBaudRate, false);

        DeviceConnectionException error = await Assert.ThrowsAsync<DeviceConnectionException>(() => LineTransports.OpenAsync(link, "rotation", TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Contains("serial port /dev/ttyUSB-not-plugged-in does not exist (unplugged, or another name", error.Message, StringComparison.Ordinal);
    }

    private static async Task<EnsembleRotationStage> ConnectStageAsync(ScriptedLinePeer peer, TimeSpan replyTimeout)
    {
        var link = new DeviceLink("test", peer.Address, DeviceConnections.DefaultBaudRate, false);
        var channel = new CommandChannel(await LineTransports.OpenAsync(link, "stage under test", TimeSpan.FromSeconds(10), CancellationToken.None), "stage under test", replyTimeout);
        Task<EnsembleRotationStage> connect = EnsembleRotationStage.ConnectAsync(channel, DemoProfile.Stage, new VirtualClock(DateTimeOffset.UnixEpoch), CancellationToken.None);
        foreach ((string command, string reply) in new[] { ("WAIT MODE NOWAIT", "%"), ("AXISFAULT(@0)", "%0"), ("ENABLE @0", "%") })
        {
            Assert.Equal(command, await peer.ReadCommandAsync(false, CancellationToken.None));
            await peer.WriteAsync(reply + "\n", CancellationToken.None);
        }

        return await connect;
    }
}
