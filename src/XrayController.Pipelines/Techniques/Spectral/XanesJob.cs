using System.Diagnostics;
using PureHDF;
using XrayController.Analysis;
using XrayController.Analysis.Output;
using XrayController.Analysis.Xanes;
using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.Spectral;

/// <summary>
/// After a spectro-tomography scan: reconstructs each energy (<see cref="SpectralReconstruction"/>) into FILE_recon.h5,
/// runs the XANES analysis into FILE_xanes/, and for a simulated NMC cluster compares the result, and the registration
/// of the energies, with the truth.
/// </summary>
internal sealed class XanesJob(SpectralReconstruction reconstruction, string softwareVersion)
{
    private const long MemoryBudgetBytes = 4_000_000_000;

    /// <summary>The reconstruction into FILE_recon.h5 (float32, read back in place by the analysis) and the analysis of its stack into FILE_xanes/.</summary>
    public static IReadOnlyList<ReconstructionEstimate> Estimate(PlannedScan planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ReconstructionEstimate reconstruction = SpectralReconstruction.Estimate(planned.File, Request(planned.Scan, planned.RawFile));
        var shape = new VolumeShape(planned.File.Rows, planned.File.Columns, planned.File.Columns);
        int energies = reconstruction.Units;
        return
        [
            reconstruction,
            AnalysisEstimates.Xanes(shape, energies, SpectralStackFile.SliceBytes(energies, shape, readsInPlace: true), fromFile: true, planned.BesideRawFile("_xanes"), MemoryBudgetBytes),
        ];
    }

    public XanesOutcome Run(PostScanContext context, CancellationToken cancellationToken)
    {
        ReconstructionRequest request = Request(context.Scan, context.RawFile);
        string recon = request.OutputPath!;
        context.Stage(1, 3, $"reconstruction of {context.Scan.EnergiesEv.Count} energies");
        using TomographyFile file = OfflineReconstruction.Open(context.RawFile);
        ReconstructionResult reconstructed = reconstruction.Run(file, request, cancellationToken);

        context.Stage(2, 3, "XANES analysis: edge map, particles, fragments and grains");
        var clock = Stopwatch.StartNew();
        using SpectralStackFile stack = SpectralStackFile.Open(recon);
        XanesResult result = XanesAnalysis.Run(stack, XanesOptions.Default, MemoryBudgetBytes);
        string directory = context.BesideRawFile("_xanes");
        XanesReport.Write(directory, result, softwareVersion);
        double analysisSeconds = clock.Elapsed.TotalSeconds;
        int drawn = DrawnEnergy(stack.EnergiesEv, context.Scan.Plan.Reconstruction.FiguresEnergyEv);
        context.Stage(3, 3, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"orthoslice figures at {stack.EnergiesEv[drawn]:0.0} eV"));
        IReadOnlyList<string> figures = FinalVolumeFigures.Write(stack.AtEnergy(drawn), stack.VoxelSizeUm, recon);
        IXanesTruth? truth = context.Truth.Find<IXanesTruth>();
        return new XanesOutcome(
            recon,
            reconstructed.Energies,
            reconstructed.Seconds,
            directory,
            analysisSeconds,
            XanesReport.Summary(result),
            truth?.Compare(result, context.Scan.FrameRows, stack.EnergiesEv[^1]),
            truth?.RegistrationRmsPx(stack.EnergiesEv, RegistrationShifts(recon), stack.VoxelSizeUm))
        {
            Figures = figures,
        };
    }

    /// <summary>The energy whose volume the figures draw: the one nearest the plan's choice, or the highest (above the edge).</summary>
    internal static int DrawnEnergy(IReadOnlyList<double> energiesEv, double? chosenEv)
    {
        double target = chosenEv ?? energiesEv.Max();
        return Enumerable.Range(0, energiesEv.Count).MinBy(i => Math.Abs(energiesEv[i] - target));
    }

    private static ReconstructionRequest Request(CompiledScan scan, string rawFile)
    {
        ReconstructionSettings settings = scan.Plan.Reconstruction;
        return new ReconstructionRequest(rawFile, settings.CenterPx, settings.Filter, null, null, OfflineReconstruction.DefaultOutput(rawFile), null, FlatMode.Preceding, RingRemoval.None, ZingerRemoval: true, MemoryBudgetBytes);
    }

    /// <summary>The shift (rows, columns) each energy was registered by, as the reconstruction recorded it.</summary>
    private static (double Rows, double Columns)[] RegistrationShifts(string recon)
    {
        using var file = H5File.OpenRead(recon);
        double[] shifts = file.Dataset("/exchange/registration_shift_px").Read<double[]>();
        return [.. Enumerable.Range(0, shifts.Length / 2).Select(k => (shifts[2 * k], shifts[(2 * k) + 1]))];
    }
}
