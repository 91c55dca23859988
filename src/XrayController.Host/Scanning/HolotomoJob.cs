using System.Diagnostics;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Output;
using XrayController.Core.Plans;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques.Holotomography;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators.Physics.Holography;
using XrayController.Simulators;

namespace XrayController.Host.Scanning;

/// <summary>What the end of a holotomography scan produced.</summary>
/// <param name="ReconFile">The δ volume, /exchange/recon [z, y, x] with quantity = delta.</param>
/// <param name="AnalysisDirectory">The fragment tables and the size-by-depth figure.</param>
/// <param name="Fragments">The fragment analysis of the reconstruction.</param>
/// <param name="Quality">For a simulated cathode piece: the correlation of the δ volume with the truth's, and the truth's own fragments.</param>
/// <param name="RegistrationRmsPx">For a simulated scan: RMS of the registration shifts against the sideways motion the simulated travel gave each distance, in reconstructed pixels.</param>
public sealed record HolotomoOutcome(string ReconFile, double ReconSeconds, PhaseReport Phase, string AnalysisDirectory, double AnalysisSeconds, FragmentResult Fragments, PhaseQuality? Quality, double? RegistrationRmsPx);

/// <summary>
/// After a holotomography scan: phase retrieval and reconstruction of δ (<see cref="PhaseReconstruction"/>, with the
/// plan's method and δ/β) into FILE_recon.h5, the fragment analysis into FILE_fragments/, and for a simulated cathode
/// piece the correlation of the volume with the truth (and, for comparison, that of Paganin's retrieval of the same
/// data) and the truth's own fragments.
/// </summary>
internal static class HolotomoJob
{
    private const long MemoryBudgetBytes = 4_000_000_000;

    public static HolotomoOutcome Run(string rawFile, ReconstructionSettings settings, SimulationScene? scene, int detectorRows, double energyEv, IReadOnlyList<double> distancesMm, CancellationToken cancellationToken)
    {
        string recon = OfflineReconstruction.DefaultOutput(rawFile);
        var request = new ReconstructionRequest(rawFile, settings.CenterPx, settings.Filter, null, null, recon, null, FlatMode.Interpolated, RingRemoval.None, ZingerRemoval: true, MemoryBudgetBytes)
        {
            Phase = settings.Phase,
            DeltaBeta = settings.DeltaBeta,
            PhaseIterations = settings.PhaseIterations,
        };
        ReconstructionResult reconstructed = new PhaseReconstruction(SoftwareVersion.Current).Run(request, cancellationToken);
        var clock = Stopwatch.StartNew();
        PhaseVolume volume = PhaseVolume.Read(recon);
        FragmentResult fragments = FragmentAnalysis.Run(volume, FragmentOptions.Default);
        string directory = Path.Combine(Path.GetDirectoryName(rawFile) ?? ".", Path.GetFileNameWithoutExtension(rawFile) + "_fragments");
        FragmentReport.Write(directory, fragments);
        double analysisSeconds = clock.Elapsed.TotalSeconds;
        PhaseQuality? quality = null;
        double? registration = null;
        if (scene?.Cathode is { } piece)
        {
            quality = PhaseComparison.Compare(volume, piece, detectorRows, energyEv, FragmentOptions.Default);
            if (settings.Phase == PhaseRetrieval.Ctf && settings.DeltaBeta is not null && reconstructed.Phase!.Distances.Count > 1)
            {
                quality = quality with { PaganinPearsonR = PaganinCorrelation(request, piece, detectorRows, energyEv, cancellationToken) };
            }

            registration = RegistrationError(reconstructed.Phase!, scene, energyEv, distancesMm);
        }

        return new HolotomoOutcome(recon, reconstructed.Seconds, reconstructed.Phase!, directory, analysisSeconds, fragments, quality, registration);
    }

    /// <summary>
    /// The simulator displaced the sample at each distance (a misaligned travel along the beam) by (x, z) mm: relative to
    /// the reference distance that is (x − x_ref) / pixel columns and −(z − z_ref) / pixel rows on the reference grid,
    /// which the registration should have found.
    /// </summary>
    private static double RegistrationError(PhaseReport phase, SimulationScene scene, double energyEv, IReadOnlyList<double> distancesMm)
    {
        BeamState At(int index) => scene.Beam(energyEv, name => name == Core.Instruments.InstrumentProfile.FocusToSample ? distancesMm[index] : null);
        BeamState reference = At(phase.ReferenceDistance);
        double pixelMm = phase.PixelUm / 1000;
        double sum = 0;
        for (int i = 0; i < phase.Distances.Count; i++)
        {
            BeamState beam = At(phase.Distances[i]);
            double columns = (beam.DriftXMm - reference.DriftXMm) / pixelMm;
            double rows = -(beam.DriftZMm - reference.DriftZMm) / pixelMm;
            sum += Math.Pow(phase.ShiftsPx[i].Columns - columns, 2) + Math.Pow(phase.ShiftsPx[i].Rows - rows, 2);
        }

        return Math.Sqrt(sum / (2 * phase.Distances.Count));
    }

    /// <summary>
    /// For comparison on the same data: Paganin's single-distance retrieval (with the plan's δ/β) reconstructed into
    /// FILE_recon_paganin.h5, and its correlation with the truth.
    /// </summary>
    private static double PaganinCorrelation(ReconstructionRequest ctf, IPhaseSample piece, int detectorRows, double energyEv, CancellationToken cancellationToken)
    {
        string output = Path.Combine(Path.GetDirectoryName(ctf.OutputPath) ?? ".", Path.GetFileNameWithoutExtension(ctf.OutputPath) + "_paganin.h5");
        new PhaseReconstruction(SoftwareVersion.Current).Run(ctf with { OutputPath = output, Phase = PhaseRetrieval.Paganin, PhaseIterations = 0 }, cancellationToken);
        PhaseVolume paganin = PhaseVolume.Read(output);
        return PhaseComparison.Correlation(paganin, PhaseTruth.Delta(piece, paganin.Shape.Depth, paganin.Shape.Width, paganin.VoxelUm / 1000, detectorRows, energyEv));
    }
}
