using System.Diagnostics;
using XrayController.Analysis;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Output;
using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>
/// After a holotomography scan: phase retrieval and reconstruction of δ (<see cref="PhaseReconstruction"/>, with the
/// plan's method and δ/β) into FILE_recon.h5, the fragment analysis into FILE_fragments/, and for a simulated cathode
/// piece the correlation of the volume with the truth (and, for comparison, that of Paganin's retrieval of the same
/// data), the truth's own fragments and the registration of the distances against the simulated sideways motion.
/// </summary>
internal sealed class HolotomoJob(PhaseReconstruction reconstruction)
{
    private const long MemoryBudgetBytes = 4_000_000_000;

    /// <summary>The retrieval and reconstruction into FILE_recon.h5 (float32) and the fragment analysis of its volume into FILE_fragments/.</summary>
    public static IReadOnlyList<ReconstructionEstimate> Estimate(PlannedScan planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var shape = new VolumeShape(planned.File.Rows, planned.File.Columns, planned.File.Columns);
        return
        [
            PhaseReconstruction.Estimate(planned.File, Request(planned.Scan, planned.RawFile)),
            AnalysisEstimates.Fragments(shape, shape.Depth * VolumeFile.SliceBytes(shape, readsInPlace: true), planned.BesideRawFile("_fragments"), MemoryBudgetBytes),
        ];
    }

    public HolotomoOutcome Run(PostScanContext context, CancellationToken cancellationToken)
    {
        ReconstructionSettings settings = context.Scan.Plan.Reconstruction;
        ReconstructionRequest request = Request(context.Scan, context.RawFile);
        string recon = request.OutputPath!;
        context.Stage(1, 3, $"phase retrieval over {context.Scan.DistancesMm.Count} distances and the δ reconstruction");
        using TomographyFile file = OfflineReconstruction.Open(context.RawFile);
        ReconstructionResult reconstructed = reconstruction.Run(file, request, cancellationToken);
        PhaseReport phase = reconstructed.Phase!;
        context.Stage(2, 3, "fragment analysis");
        var clock = Stopwatch.StartNew();
        PhaseVolume volume = PhaseVolume.Read(recon);
        FragmentResult fragments = FragmentAnalysis.Run(volume, FragmentOptions.Default);
        string directory = context.BesideRawFile("_fragments");
        FragmentReport.Write(directory, fragments);
        double analysisSeconds = clock.Elapsed.TotalSeconds;
        PhaseQuality? quality = null;
        double? registration = null;
        if (context.Truth.Find<IPhaseTruth>() is { } truth)
        {
            int rows = context.Scan.FrameRows;
            double energyEv = context.Scan.Plan.Energy?.FixedEv ?? double.NaN;
            quality = truth.Compare(volume, rows, energyEv, FragmentOptions.Default);
            if (settings.Phase == PhaseRetrieval.Ctf && settings.DeltaBeta is not null && phase.Distances.Count > 1)
            {
                quality = quality with { PaganinPearsonR = truth.Correlation(PaganinVolume(file, request, cancellationToken), rows, energyEv) };
            }

            registration = truth.RegistrationRmsPx(phase, energyEv, context.Scan.DistancesMm);
        }

        context.Stage(3, 3, "orthoslice figures");
        return new HolotomoOutcome(recon, reconstructed.Seconds, phase, directory, analysisSeconds, fragments, quality, registration)
        {
            Figures = FinalVolumeFigures.Write(recon),
        };
    }

    private static ReconstructionRequest Request(CompiledScan scan, string rawFile)
    {
        ReconstructionSettings settings = scan.Plan.Reconstruction;
        return new ReconstructionRequest(rawFile, settings.CenterPx, settings.Filter, null, null, OfflineReconstruction.DefaultOutput(rawFile), null, FlatMode.Interpolated, RingRemoval.None, ZingerRemoval: true, MemoryBudgetBytes)
        {
            Phase = settings.Phase,
            DeltaBeta = settings.DeltaBeta,
            PhaseIterations = settings.PhaseIterations,
        };
    }

    /// <summary>For comparison on the same data: Paganin's single-distance retrieval (with the plan's δ/β) reconstructed into FILE_recon_paganin.h5.</summary>
    private PhaseVolume PaganinVolume(TomographyFile file, ReconstructionRequest ctf, CancellationToken cancellationToken)
    {
        string output = Path.Combine(Path.GetDirectoryName(ctf.OutputPath) ?? ".", Path.GetFileNameWithoutExtension(ctf.OutputPath) + "_paganin.h5");
        reconstruction.Run(file, ctf with { OutputPath = output, Phase = PhaseRetrieval.Paganin, PhaseIterations = 0 }, cancellationToken);
        return PhaseVolume.Read(output);
    }
}
