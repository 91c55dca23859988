using System.CommandLine;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Output;
using XrayController.Analysis.Xanes;
using XrayController.Host.Hosting;

namespace XrayController.Host.Cli;

/// <summary><c>xrayctl analyze xanes FILE [--out DIR] [--voxel-um X] [--e0 EV]</c>, <c>xrayctl analyze fragments FILE [--out DIR] [--voxel-um X] [--regions N]</c> and <c>xrayctl analyze cell FILE [--out DIR] [--voxel-um X]</c>.</summary>
internal static class AnalyzeCommand
{
    public static Command Create() => new("analyze", "Analyse reconstructed data.") { Xanes(), Fragments(), Cell() };

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

    private static Command Fragments()
    {
        var file = new Argument<string>("file") { Description = "A reconstruction: /exchange/recon [z, y, x] (δ after phase retrieval, or attenuation)." };
        var output = new Option<string?>("--out") { Description = "Output folder; default FILE_fragments beside the input." };
        var voxel = new Option<double?>("--voxel-um") { Description = "Voxel size in µm, when the file does not give it." };
        var regions = new Option<int>("--regions") { Description = "Equal depth regions through the electrode.", DefaultValueFactory = _ => FragmentOptions.Default.Regions };
        var command = new Command("fragments", "Particles and their fragments, with the fragment size distribution through the electrode's depth (table and plot).") { file, output, voxel, regions };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            string input = parse.GetValue(file)!;
            int count = parse.GetValue(regions);
            if (count is < 1 or > 50)
            {
                throw new Core.Diagnostics.InputException($"--regions must be 1 to 50; got {count}");
            }

            string directory = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_fragments");
            FragmentResult result = await Task.Run(() => FragmentAnalysis.Run(PhaseVolume.Read(input, parse.GetValue(voxel)), FragmentOptions.Default with { Regions = count }), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> written = FragmentReport.Write(directory, result);
            await parse.InvocationConfiguration.Output.WriteLineAsync(FragmentReport.Summary(result)).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"wrote {written.Count} files to {directory}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Cell()
    {
        var file = new Argument<string>("file") { Description = "A cone-beam reconstruction of a wound cell: /exchange/recon [z, y, x] attenuation (1/mm), top_z_mm the height of slice 0." };
        var output = new Option<string?>("--out") { Description = "Output folder; default FILE_cell beside the input." };
        var voxel = new Option<double?>("--voxel-um") { Description = "Voxel size in µm, when the file does not give it." };
        var command = new Command("cell", "Cell inspection: the can, the cathode electrode's thickness along the winding, delamination voids and deflected copper foils with their positions.") { file, output, voxel };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            string input = parse.GetValue(file)!;
            string directory = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_cell");
            CellInspectionResult result = await Task.Run(() => CellReport.Inspect(input, parse.GetValue(voxel)), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> written = CellReport.Write(directory, result);
            await parse.InvocationConfiguration.Output.WriteLineAsync(CellReport.Text(result)).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"wrote {written.Count} files to {directory}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
