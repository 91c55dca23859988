using System.Runtime.InteropServices;

namespace XrayController.Simulators.Transport;

/// <summary>The few libc calls a pseudo-terminal needs (openpty(3), termios(3), poll(2)).</summary>
internal static partial class LibC
{
    public const short PollIn = 0x001;
    public const short PollErr = 0x008;
    public const short PollHup = 0x010;
    public const int TcsaNow = 0;

    /// <summary>Larger than <c>struct termios</c> on every Linux ABI (60 bytes on glibc x86-64 and arm64).</summary>
    public const int TermiosBufferBytes = 256;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int openpty(out int master, out int slave, nint name, nint termios, nint winsize);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint ptsname(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcgetattr(int fd, nint termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcsetattr(int fd, int actions, nint termios);

    [LibraryImport("libc")]
    public static partial void cfmakeraw(nint termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
