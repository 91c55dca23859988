using System.Runtime.InteropServices;
using NetMQ;
using XrayController.Host.Cli;
using XrayController.Host.Scanning;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C asks the running verb to stop safely; a second one ends the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

// A service manager's SIGTERM stops a running scan the same way: safely, keeping the frames acquired.
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});
using IDisposable pauseSignals = TerminalScanControl.Register();
int exitCode = await XrayctlCli.RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
NetMQConfig.Cleanup(block: false);
return exitCode;
