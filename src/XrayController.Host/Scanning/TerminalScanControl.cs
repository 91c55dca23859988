using System.Runtime.InteropServices;
using XrayController.Acquisition.Engine;

namespace XrayController.Host.Scanning;

/// <summary>
/// Pause and resume of the scan this process runs, from the terminal: SIGTSTP (Ctrl-Z, or <c>kill -TSTP PID</c>)
/// pauses it at the next checkpoint and a second one at once; SIGCONT (<c>kill -CONT PID</c>) resumes it. The process
/// itself is not stopped by Ctrl-Z while a scan runs. Ctrl-C (or SIGTERM) still aborts, keeping the frames acquired.
/// </summary>
internal static class TerminalScanControl
{
    private static ScanControl? _current;

    /// <summary>Installs the signal handlers for the life of the process.</summary>
    public static IDisposable Register()
    {
        if (OperatingSystem.IsWindows())
        {
            return new Registrations([]);
        }

        PosixSignalRegistration pause = PosixSignalRegistration.Create(PosixSignal.SIGTSTP, context =>
        {
            if (Volatile.Read(ref _current) is { } control && control.Pause())
            {
                context.Cancel = true;
            }
        });
        PosixSignalRegistration resume = PosixSignalRegistration.Create(PosixSignal.SIGCONT, _ => Volatile.Read(ref _current)?.Resume());
        return new Registrations([pause, resume]);
    }

    /// <summary>The control for a scan about to run; the signals act on it until the next one.</summary>
    public static ScanControl Attach()
    {
        var control = new ScanControl();
        Volatile.Write(ref _current, control);
        return control;
    }

    private sealed class Registrations(PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (PosixSignalRegistration registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
