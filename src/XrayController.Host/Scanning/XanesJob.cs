using System.Diagnostics;
using PureHDF;
using XrayController.Analysis.Output;
using XrayController.Analysis.Xanes;
using XrayController.Core.Plans;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques.Spectral;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators;

namespace XrayController.Host.Scanning;

/// <summary>What the end of a spectro-tomography scan produced.</summary>
/// <param name="ReconFile">One volume per energy, /exchange/recon [energy, z, y, x].</param>
/// <param name="AnalysisDirectory">xanes.h5, the CSV tables and the figures.</param>
/// <param name="Quality">Against the simulator's truth, for a simulated scan of the NMC particle cluster.</param>
/// <param name="RegistrationRmsPx">For a simulated scan: RMS of the registration shifts against the image wander the simulator applied, in reconstructed pixels.</param>
public sealed record XanesOutcome(string ReconFile, int Energies, double ReconSeconds, string AnalysisDirectory, double AnalysisSeconds, string Summary, XanesQuality? Quality, double? RegistrationRmsPx);

/// <summary>
/// After a spectro-tomography scan: reconstructs each energy (<see cref="SpectralReconstruction"/>) into FILE_recon.h5,
/// runs the XANES analysis into FILE_xanes/, and for a simulated NMC cluster compares the result, and the registration
/// of the energies, with the truth.
/// </summary>
internal static class XanesJob
{
    private const long MemoryBudgetBytes = 4_000_000_000;

    public static XanesOutcome Run(string rawFile, ReconstructionSettings settings, SimulationScene? scene, int detectorRows, CancellationToken cancellationToken)
    {
        string recon = OfflineReconstruction.DefaultOutput(rawFile);
        var request = new ReconstructionRequest(rawFile, settings.CenterPx, settings.Filter, null, null, recon, null, FlatMode.Preceding, RingRemoval.None, ZingerRemoval: true, MemoryBudgetBytes);
        ReconstructionResult reconstructed = new SpectralReconstruction(SoftwareVersion.Current).Run(request, cancellationToken);
        var clock = Stopwatch.StartNew();
        SpectralStack stack = SpectralStackReader.Read(recon);
        XanesResult result = XanesAnalysis.Run(stack, XanesOptions.Default);
        string directory = Path.Combine(Path.GetDirectoryName(rawFile) ?? ".", Path.GetFileNameWithoutExtension(rawFile) + "_xanes");
        XanesReport.Write(directory, result, SoftwareVersion.Current);
        double analysisSeconds = clock.Elapsed.TotalSeconds;
        XanesQuality? quality = scene?.Xanes is { } truth ? XanesComparison.Compare(result, truth, detectorRows, scene.DriftMm(stack.EnergiesEv[^1]).ZMm) : null;
        double? registration = scene?.Xanes is null ? null : RegistrationError(recon, stack, scene);
        return new XanesOutcome(recon, reconstructed.Energies, reconstructed.Seconds, directory, analysisSeconds, XanesReport.Summary(result), quality, registration);
    }

    /// <summary>
    /// The simulator moved each energy's image by its drift (a sample displacement of (x, z) mm): relative to the last
    /// energy that is (x − x_ref) / voxel columns and −(z − z_ref) / voxel rows, which the registration should have found.
    /// </summary>
    private static double RegistrationError(string recon, SpectralStack stack, SimulationScene scene)
    {
        using var file = H5File.OpenRead(recon);
        double[] shifts = file.Dataset("/exchange/registration_shift_px").Read<double[]>();
        double voxelMm = stack.VoxelSizeUm / 1000;
        (double refX, double refZ) = scene.DriftMm(stack.EnergiesEv[^1]);
        double sum = 0;
        for (int k = 0; k < stack.EnergiesEv.Count; k++)
        {
            (double x, double z) = scene.DriftMm(stack.EnergiesEv[k]);
            double rowError = shifts[2 * k] - (-(z - refZ) / voxelMm);
            double columnError = shifts[(2 * k) + 1] - ((x - refX) / voxelMm);
            sum += (rowError * rowError) + (columnError * columnError);
        }

        return Math.Sqrt(sum / (2 * stack.EnergiesEv.Count));
    }
}
