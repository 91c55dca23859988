using XrayController.Analysis;
using XrayController.Analysis.Xanes;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Live;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Techniques.Spectral;

/// <summary>
/// Live view of a spectral series (XANES): a preview reconstructor per energy (axial slice only, flats of that energy,
/// the darks of the scan), projections rescaled onto the first energy's magnification; an energy's slice is complete
/// when the next energy starts. The spectrum of the chosen region is read from the slices; the edge-energy map of the
/// slice is recomputed with the full XANES analysis (on that one slice) each time an energy completes.
/// </summary>
internal sealed class SpectralLivePreview(LiveGeometry geometry, CorrectionSettings settings, int slice, (int X0, int Y0, int X1, int Y1)? region, double voxelSizeUm, List<string> notes) : ILivePreview
{
    private readonly List<(float[] Raw, long Seq, ReferenceCondition Condition)> _darks = [];
    private readonly List<double> _energies = [];
    private readonly List<float[]> _slices = [];
    private IncrementalReconstructor? _current;
    private double _referenceMagnification = double.NaN;
    private (float[]? Map, string? Note) _edgeMap = (null, "no energy complete yet");
    private int _edgeMapEnergies;
    private int[] _samplePixels = [];

    public int ProjectionsReconstructed { get; private set; }

    /// <summary>The slices stay where they are: an axial slice per energy.</summary>
    public bool CanMove => false;

    /// <summary>Why the preview stopped taking frames, or null while it runs.</summary>
    public string? Stopped { get; private set; }

    public void Move(int z, int y, int x) => throw new InvalidOperationException("a spectral series' live slices do not move");

    public void Publish(ILivePreviewListener listener, StreamCounters counters)
    {
        ArgumentNullException.ThrowIfNull(listener);
        listener.ShowSpectral(Snapshot(), counters);
    }

    /// <summary>The volumes are made from the scan file at the end; the last view, the last energy's slice complete, is shown and kept in the live result.</summary>
    public LiveCompletion Complete(LiveEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (Stopped is not null)
        {
            notes.Add(Stopped);
        }

        SpectralPreview last = Snapshot(final: true);
        end.Listener.ShowSpectral(last, end.Counters);
        return new LiveCompletion(null, "per-energy previews", 0, new LiveDetails(SpectralLiveSummary.Json(last), Line: SpectralLiveSummary.Line(last)));
    }

    public void Feed(BufferedFrame frame, float[] raw)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (Stopped is not null)
        {
            return;
        }

        var condition = new ReferenceCondition(frame.EnergyEv, frame.DistanceIndex, frame.TileIndex);
        if (frame.ImageKey == 2)
        {
            _darks.Add((raw, frame.Seq, condition));
            _current?.AddDark(raw, frame.Seq, condition);
            return;
        }

        if (frame.ImageKey is not (0 or 1))
        {
            return;
        }

        IncrementalReconstructor reconstructor = ForEnergy(frame.EnergyEv, frame.Magnification);
        if (Stopped is not null)
        {
            return;
        }

        if (frame.ImageKey == 1)
        {
            reconstructor.AddFlat(raw, frame.Seq, condition);
        }
        else
        {
            reconstructor.AddProjection(raw, frame.AngleDeg, frame.Seq, condition);
            ProjectionsReconstructed++;
        }
    }

    /// <param name="final">At the end of the series: the last energy's slice is complete too.</param>
    public SpectralPreview Snapshot(bool final = false)
    {
        int completed = final ? _energies.Count : CompletedEnergies;
        int size = geometry.Columns;
        List<float[]> slices = [.. _slices];
        List<double> energies = [.. _energies];
        if (_current is { ProjectionsAdded: > 0 })
        {
            slices[^1] = _current.Preview().Axial;
        }

        if (_edgeMapEnergies != completed)
        {
            _edgeMap = EdgeMap([.. energies.Take(completed)], [.. slices.Take(completed)]);
            _samplePixels = completed == 0 ? [] : Material(slices[completed - 1]);
            _edgeMapEnergies = completed;
        }

        return new SpectralPreview(slice, size, energies, slices, Spectrum(slices, size), _edgeMap.Map, _edgeMap.Note);
    }

    /// <summary>Energies whose slices are final: all but the one in progress.</summary>
    private int CompletedEnergies => Math.Max(0, _energies.Count - 1);

    private IncrementalReconstructor ForEnergy(double energyEv, double magnification)
    {
        if (_current is not null && _energies[^1].Equals(energyEv))
        {
            return _current;
        }

        if (_energies.Contains(energyEv))
        {
            Stopped = $"{energyEv} eV came back after other energies (energies interleaved with angles): the live spectral preview needs one energy's tomogram at a time; the volumes are still made from the file at the end";
        }

        if (_current is not null)
        {
            _slices[^1] = _current.Preview().Axial;
        }

        if (double.IsNaN(_referenceMagnification) && double.IsFinite(magnification))
        {
            _referenceMagnification = magnification;
        }

        double scale = double.IsFinite(magnification) && double.IsFinite(_referenceMagnification) ? _referenceMagnification / magnification : 1;
        _current = new IncrementalReconstructor(geometry with { FullVolume = false }, settings, (slice, geometry.Columns / 2, geometry.Columns / 2)) { MagnificationScale = scale };
        foreach ((float[] raw, long seq, ReferenceCondition condition) in _darks)
        {
            _current.AddDark(raw, seq, condition);
        }

        _energies.Add(energyEv);
        _slices.Add(new float[geometry.Columns * geometry.Columns]);
        return _current;
    }

    private double[] Spectrum(List<float[]> slices, int size)
    {
        if (slices.Count == 0)
        {
            return [];
        }

        int[] pixels = region is { } r
            ? [.. Enumerable.Range(Math.Max(0, r.Y0), Math.Min(size, r.Y1) - Math.Max(0, r.Y0)).SelectMany(y => Enumerable.Range(Math.Max(0, r.X0), Math.Min(size, r.X1) - Math.Max(0, r.X0)).Select(x => (y * size) + x))]
            : _samplePixels;
        return [.. slices.Select(s => pixels.Length == 0 ? double.NaN : pixels.Average(i => (double)s[i]))];
    }

    /// <summary>Pixels above half the 99th percentile of a slice: the sample, where no region was chosen.</summary>
    private static int[] Material(float[] slice)
    {
        float[] sorted = [.. slice.Where(float.IsFinite)];
        Array.Sort(sorted);
        float level = sorted.Length == 0 ? float.PositiveInfinity : sorted[(int)(0.99 * (sorted.Length - 1))] / 2;
        return [.. Enumerable.Range(0, slice.Length).Where(i => level > 0 && slice[i] > level)];
    }

    private (float[]? Map, string? Note) EdgeMap(List<double> energies, List<float[]> slices)
    {
        if (energies.Count < EdgeWindows.MinPreEdgePoints + EdgeWindows.MinEdgePoints)
        {
            return (null, NotYet(energies.Count));
        }

        try
        {
            var stack = new SpectralStack(energies, new VolumeShape(1, geometry.Columns, geometry.Columns), slices, voxelSizeUm, "live preview slice");
            XanesResult result = XanesAnalysis.Run(stack, XanesOptions.Default with { MinFragmentVoxels = 5 });
            return (result.EdgeEv, null);
        }
        catch (InputException)
        {
            // The analysis refuses a spectrum whose pre-edge, edge or post-edge range does not yet hold enough energies.
            return (null, NotYet(energies.Count));
        }
    }

    private static string NotYet(int energies) =>
        $"no edge map yet: {energies} {(energies == 1 ? "energy is" : "energies are")} in; the map needs enough of them before, across and after the edge";
}
