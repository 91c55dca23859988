using XrayController.Core.Optics;
using XrayController.Pipelines.Live;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Phase;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>
/// Live view of a holotomography series: during the first distance, a single-distance Paganin reconstruction of δ
/// (preview slices); once the same angle has arrived at every distance, the multi-distance (linear CTF) one, which the
/// previews then show. Each distance's intensities are rescaled onto the most magnified distance's grid; registration
/// shifts and the non-linear refinements are left to the reconstruction from the file at the end. The multi-distance
/// view holds the earlier distances' images until their angle completes, so it runs only when they fit the memory
/// budget.
/// </summary>
internal sealed class HolotomoLivePreview : ILivePreview
{
    private readonly IncrementalReconstructor _paganin;
    private readonly IncrementalReconstructor? _multiDistance;

    public HolotomoLivePreview(StreamStart start, LiveGeometry geometry, CorrectionSettings settings, (int Z, int Y, int X)? previewAt, double? deltaBeta, long memoryBudgetBytes, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(geometry);
        double focusToDetector = start.SourceToDetectorMm!.Value;
        double energyEv = start.EnergiesEv[0];
        double[] magnifications = [.. start.DistancesMm.Select(z => FresnelScaling.Magnification(z, focusToDetector))];
        double reference = magnifications.Max();
        double pixelMm = start.DetectorPixelSizeUm / 1000 / reference;
        double ratio = deltaBeta ?? 100;
        if (deltaBeta is null)
        {
            notes.Add("no δ/β given: the Paganin preview assumes 100");
        }

        var first = new PropagationGeometry(energyEv, start.DetectorPixelSizeUm / 1000 / magnifications[0], [FresnelScaling.EffectiveDistanceMm(start.DistancesMm[0], focusToDetector)]);
        _paganin = new IncrementalReconstructor(geometry with { PixelSizeMm = first.PixelSizeMm, FullVolume = false }, settings, previewAt)
        {
            Stage = new PaganinStage(geometry.Rows, geometry.Columns, 0, first, ratio),
        };
        int perDistance = start.ProjectionCount / start.DistancesMm.Count;
        long heldBytes = 4L * geometry.Rows * geometry.Columns * perDistance * (start.DistancesMm.Count - 1);
        if (heldBytes > memoryBudgetBytes)
        {
            notes.Add($"the multi-distance preview would hold {heldBytes / 1e9:0.#} GB of earlier distances' images; only the Paganin preview of the first distance runs");
            return;
        }

        var all = new PropagationGeometry(energyEv, pixelMm, [.. start.DistancesMm.Select(z => FresnelScaling.EffectiveDistanceMm(z, focusToDetector))]);
        _multiDistance = new IncrementalReconstructor(geometry with { PixelSizeMm = pixelMm, FullVolume = false }, settings, previewAt)
        {
            Stage = new MultiDistanceStage(geometry.Rows, geometry.Columns, all, new PhaseRetrievalSettings(PhaseMethod.Ctf, deltaBeta), [.. magnifications.Select(m => reference / m)]),
        };
        notes.Add($"holotomography: Paganin preview of δ during distance 0, then the multi-distance (linear CTF) preview as each angle completes at all {start.DistancesMm.Count} distances; the δ volume is made from the scan file at the end");
    }

    /// <summary>The multi-distance preview's projections (the Paganin preview's are counted apart, in the summary's details).</summary>
    public int ProjectionsReconstructed => _multiDistance?.ProjectionsAdded ?? 0;

    /// <summary>The slices stay where they are: each retrieval keeps only its three.</summary>
    public bool CanMove => false;

    public void Feed(BufferedFrame frame, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _paganin.Feed(frame, pixels);
        _multiDistance?.Feed(frame, [.. pixels]);
    }

    public void Move(int z, int y, int x) => throw new InvalidOperationException("a holotomography series' live slices do not move");

    /// <summary>The multi-distance preview once it has a projection, else the Paganin one.</summary>
    public void Publish(ILivePreviewListener listener, StreamCounters counters)
    {
        ArgumentNullException.ThrowIfNull(listener);
        listener.ShowSlices(_multiDistance is { ProjectionsAdded: > 0 } multi ? multi.Preview() : _paganin.Preview(), counters);
    }

    /// <summary>The δ volume is made from the scan file at the end; the summary counts the first distance's Paganin projections too.</summary>
    public LiveCompletion Complete(LiveEnd end, CancellationToken cancellationToken)
    {
        int paganin = _paganin.ProjectionsAdded;
        return new LiveCompletion(null, "phase previews", 0, new LiveDetails(paganin, $" from every distance (and {paganin} of the first distance by Paganin)"));
    }
}
