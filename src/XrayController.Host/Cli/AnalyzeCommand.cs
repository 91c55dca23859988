using System.CommandLine;
using XrayController.Analysis.Output;
using XrayController.Analysis.Xanes;
using XrayController.Host.Hosting;

namespace XrayController.Host.Cli;

/// <summary><c>xrayctl analyze xanes FILE [--out DIR] [--voxel-um X] [--e0 EV]</c>.</summary>
internal static class AnalyzeCommand
{
    public static Command Create() => new("analyze", "Analyse reconstructed data.") { Xanes() };

    private static Command Xanes()
    {
        var file = new Argument<string>("file") { Description = "A spectral reconstruction: /exchange/recon [energy, z, y, x] and /exchange/energy (eV)." };
        var output = new Option<string?>("--out") { Description = "Output folder; default FILE_xanes beside the input." };
        var voxel = new Option<double?>("--voxel-um") { Description = "Voxel size in µm, when the file does not give it." };
        var e0 = new Option<double?>("--e0") { Description = "Edge energy (eV) to centre the fit windows on; default the derivative peak of the material's mean spectrum." };
        var command = new Command("xanes", "Per-voxel Ni K-edge energy, particles, fragments and grains, with tables and plots.") { file, output, voxel, e0 };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            string input = parse.GetValue(file)!;
            string directory = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_xanes");
            XanesResult result = await Task.Run(
                () =>
                {
                    SpectralStack stack = SpectralStackReader.Read(input, parse.GetValue(voxel));
                    cancellationToken.ThrowIfCancellationRequested();
                    return XanesAnalysis.Run(stack, XanesOptions.Default with { E0Ev = parse.GetValue(e0) });
                },
                cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> written = XanesReport.Write(directory, result, SoftwareVersion.Current);
            await parse.InvocationConfiguration.Output.WriteLineAsync(XanesReport.Summary(result)).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"wrote {written.Count} files to {directory}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
