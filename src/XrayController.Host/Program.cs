using XrayController.Host.Cli;

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
return await XrayctlCli.RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
