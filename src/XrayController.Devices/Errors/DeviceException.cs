namespace XrayController.Devices.Errors;

/// <summary>
/// A device did not do what it was told. The message names the device, the command and the reply (or what arrived of
/// it), e.g. <c>rotation stage (/dev/pts/3): MOVEABS @0 400 F90: fault reply '#'; AXISFAULT=16 (CwSoftwareLimit)</c>.
/// </summary>
public class DeviceException : Exception
{
    public DeviceException(string device, string command, string? reply, string problem, Exception? innerException = null)
        : base($"{device}: {Printable(command)}: {problem}{(reply is null ? string.Empty : $" (reply '{Printable(reply)}')")}", innerException)
    {
        Device = device;
        Command = command;
        Reply = reply;
    }

    public string Device { get; }

    public string Command { get; }

    public string? Reply { get; }

    /// <summary>Control characters (GCS single-byte commands, garbled replies) written as <c>\xNN</c>.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Concat(text.Select(c => c < 0x20 || c > 0x7e ? $"\\x{(int)c:X2}" : c.ToString()));
    }
}

/// <summary>No complete reply within the command's timeout (a controller that stopped answering, or a truncated reply).</summary>
public sealed class DeviceTimeoutException(string device, string command, string? partialReply, TimeSpan timeout)
    : DeviceException(device, command, string.IsNullOrEmpty(partialReply) ? null : partialReply, $"no complete reply within {timeout.TotalSeconds:0.###} s{(string.IsNullOrEmpty(partialReply) ? string.Empty : "; received only part of one")}");

/// <summary>A reply that breaks the protocol: garbled, of the wrong shape, or answering another command.</summary>
public sealed class DeviceProtocolException(string device, string command, string? reply, string problem)
    : DeviceException(device, command, reply, problem);

/// <summary>The controller understood and refused or faulted: <c>!</c>/<c>#</c> replies, a non-zero <c>ERR?</c>, an HTTP error.</summary>
public sealed class DeviceFaultException(string device, string command, string? reply, string problem)
    : DeviceException(device, command, reply, problem);

/// <summary>The port or connection is gone or cannot be opened (device unplugged, simulator killed, nothing listening).</summary>
public sealed class DeviceConnectionException(string device, string command, string problem, Exception? innerException = null)
    : DeviceException(device, command, null, problem, innerException);
