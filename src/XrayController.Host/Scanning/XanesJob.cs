using System.Diagnostics;
using XrayController.Analysis.Output;
using XrayController.Analysis.Xanes;
using XrayController.Core.Plans;
using XrayController.Host.Hosting;
using XrayController.Host.Reconstruction;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators.Physics.Spectral;

namespace XrayController.Host.Scanning;

/// <summary>What the end of a spectro-tomography scan produced.</summary>
/// <param name="ReconFile">One volume per energy, /exchange/recon [energy, z, y, x].</param>
/// <param name="AnalysisDirectory">xanes.h5, the CSV tables and the figures.</param>
/// <param name="Quality">Against the simulator's truth, for a simulated scan of the NMC particle cluster.</param>
public sealed record XanesOutcome(string ReconFile, int Energies, double ReconSeconds, string AnalysisDirectory, double AnalysisSeconds, string Summary, XanesQuality? Quality);

/// <summary>
/// After a spectro-tomography scan: reconstructs each energy (<see cref="SpectralReconstruction"/>) into FILE_recon.h5,
/// runs the XANES analysis into FILE_xanes/, and for a simulated NMC cluster compares the result with its truth.
/// </summary>
internal static class XanesJob
{
    private const long MemoryBudgetBytes = 4_000_000_000;

    public static XanesOutcome Run(string rawFile, ReconstructionSettings settings, XanesPhantom? truth, int detectorRows, CancellationToken cancellationToken)
    {
        string recon = OfflineReconstruction.DefaultOutput(rawFile);
        var request = new ReconstructionRequest(rawFile, settings.CenterPx, settings.Filter, null, null, recon, null, FlatMode.Preceding, RingRemoval.None, ZingerRemoval: true, MemoryBudgetBytes);
        ReconstructionResult reconstructed = new SpectralReconstruction(SoftwareVersion.Current).Run(request, cancellationToken);
        var clock = Stopwatch.StartNew();
        XanesResult result = XanesAnalysis.Run(SpectralStackReader.Read(recon), XanesOptions.Default);
        string directory = Path.Combine(Path.GetDirectoryName(rawFile) ?? ".", Path.GetFileNameWithoutExtension(rawFile) + "_xanes");
        XanesReport.Write(directory, result, SoftwareVersion.Current);
        double analysisSeconds = clock.Elapsed.TotalSeconds;
        XanesQuality? quality = truth is null ? null : XanesComparison.Compare(result, truth, detectorRows);
        return new XanesOutcome(recon, reconstructed.Energies, reconstructed.Seconds, directory, analysisSeconds, XanesReport.Summary(result), quality);
    }
}
