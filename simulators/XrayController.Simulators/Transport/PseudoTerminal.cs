using System.ComponentModel;
using System.Runtime.InteropServices;

namespace XrayController.Simulators.Transport;

/// <summary>
/// A pseudo-terminal pair: the simulator serves the master side, a driver opens <see cref="SlavePath"/> as a serial port.
/// The slave is put in raw mode (no echo, no line editing) and its descriptor is kept open, without which reads on the
/// master fail with EIO whenever no client has the port open. Disposing closes both sides, which a connected driver sees
/// as the port disappearing.
/// </summary>
internal sealed unsafe class PseudoTerminal : IByteLink
{
    private const int PollIntervalMs = 50;

    private readonly int _master;
    private readonly int _slave;
    private int _disposed;

    private PseudoTerminal(int master, int slave, string slavePath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public static PseudoTerminal Open()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("simulated serial devices need pseudo-terminals (Linux or macOS)");
        }

        if (LibC.openpty(out int master, out int slave, 0, 0, 0) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "openpty failed");
        }

        try
        {
            MakeRaw(slave);
            string path = Marshal.PtrToStringUTF8(LibC.ptsname(master)) ?? throw new Win32Exception(Marshal.GetLastPInvokeError(), "ptsname failed");
            return new PseudoTerminal(master, slave, path);
        }
        catch
        {
            LibC.close(master);
            LibC.close(slave);
            throw;
        }
    }

    public int Read(Span<byte> buffer, CancellationToken cancellationToken)
    {
        var poll = new LibC.PollFd { Fd = _master, Events = LibC.PollIn };
        while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _disposed) == 0)
        {
            int ready = LibC.poll(&poll, 1, PollIntervalMs);
            if (ready < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == 4)
                {
                    continue;
                }

                return 0;
            }

            if (ready == 0)
            {
                continue;
            }

            if ((poll.Revents & LibC.PollIn) == 0)
            {
                return 0;
            }

            fixed (byte* p = buffer)
            {
                nint n = LibC.read(_master, p, buffer.Length);
                return n > 0 ? (int)n : 0;
            }
        }

        return 0;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int offset = 0;
            while (offset < data.Length)
            {
                nint n = LibC.write(_master, p + offset, data.Length - offset);
                if (n <= 0)
                {
                    throw new IOException($"writing to the pseudo-terminal {SlavePath} failed (errno {Marshal.GetLastPInvokeError()})");
                }

                offset += (int)n;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LibC.close(_slave);
            LibC.close(_master);
        }
    }

    private static void MakeRaw(int fd)
    {
        byte* termios = stackalloc byte[LibC.TermiosBufferBytes];
        if (LibC.tcgetattr(fd, (nint)termios) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "tcgetattr failed");
        }

        LibC.cfmakeraw((nint)termios);
        if (LibC.tcsetattr(fd, LibC.TcsaNow, (nint)termios) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "tcsetattr failed");
        }
    }
}
