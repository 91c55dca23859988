using XrayController.Pipelines.Live;
using XrayController.Reconstruction.Incremental;
using XrayController.Streaming.Subscription;

namespace XrayController.Host.Monitor;

/// <summary>
/// What the page shows of a scan's reconstruction: subscribed to the live reconstruction's views (three slices, or a
/// spectral series' per-energy slice and running spectrum) with the stream's counts, and after the scan the slices of
/// the reconstruction file. The page moves the slices (through the live reconstruction while it runs, from the file
/// after it) and chooses the spectrum's region.
/// </summary>
internal sealed class PreviewSubscription(ScanProgress progress, MonitorMetrics metrics)
{
    private readonly Lock _gate = new();
    private LiveReconstruction? _live;
    private PreviewSlices? _slices;
    private SpectralPreview? _spectral;
    private (int X0, int Y0, int X1, int Y1)? _region;
    private double _slicesLeftMs = double.NaN;
    private string _slicesSource = "live";
    private StreamCounters? _counters;
    private string? _finalFile;
    private double? _finalEnergyEv;
    private int _slicesVersion;
    private int _spectrumVersion;

    public (int Slices, int Spectrum) Versions
    {
        get
        {
            lock (_gate)
            {
                return (_slicesVersion, _spectrumVersion);
            }
        }
    }

    /// <summary>The live reconstruction's latest counts, or its final ones after the scan.</summary>
    public StreamCounters? Counters
    {
        get
        {
            lock (_gate)
            {
                return _counters;
            }
        }
    }

    /// <summary>
    /// The three slices shown, where they came from (live or file), when the last frame in them left the engine, and the
    /// energy of the file's volume they cut (a spectral stack's).
    /// </summary>
    public (PreviewSlices Slices, string Source, double FrameLeftMs, double? EnergyEv)? Slices
    {
        get
        {
            lock (_gate)
            {
                return _slices is null ? null : (_slices, _slicesSource, _slicesLeftMs, _finalEnergyEv);
            }
        }
    }

    /// <summary>The spectral view, the spectrum of the chosen region (the preview's own without one) and the region.</summary>
    public (SpectralPreview Preview, double[] Spectrum, (int X0, int Y0, int X1, int Y1)? Region, double FrameLeftMs)? Spectral
    {
        get
        {
            lock (_gate)
            {
                return _spectral is null ? null : (_spectral, _region is { } r ? MeanOver(_spectral, r) : [.. _spectral.Spectrum], _region, _slicesLeftMs);
            }
        }
    }

    public void Follow(LiveReconstruction live)
    {
        lock (_gate)
        {
            _live = live;
        }

        live.PreviewUpdated += OnPreview;
        live.SpectralPreviewUpdated += OnSpectralPreview;
    }

    /// <summary>
    /// After the scan: the live reconstruction's final counts (its last preview came before the last frames), and slices
    /// of the reconstruction file (a volume /exchange/recon, or a spectral stack's volume at its highest energy), through
    /// the middles.
    /// </summary>
    public void Finish(LiveResult? live, string? reconFile)
    {
        if (live is not null)
        {
            lock (_gate)
            {
                metrics.Stream(_counters, live.Counters);
                _counters = live.Counters;
            }
        }

        if (reconFile is null || !File.Exists(reconFile) || ReconSlices.Read(reconFile, null) is not { } read)
        {
            return;
        }

        lock (_gate)
        {
            (_finalFile, _slices, _finalEnergyEv, _slicesSource, _slicesLeftMs) = (reconFile, read.Slices, read.EnergyEv, "file", double.NaN);
            _slicesVersion++;
        }
    }

    /// <summary>Moves the slices to (z, y, x): through the live reconstruction while it runs, from the file after it.</summary>
    public Refusal? MoveSlices(int z, int y, int x)
    {
        PreviewSlices? shown;
        LiveReconstruction? live;
        string? file;
        lock (_gate)
        {
            (shown, live, file) = (_slices, _live, _finalFile);
        }

        if (shown is null)
        {
            return new Refusal(false, "no slices yet: the reconstruction has not started");
        }

        if (z < 0 || z >= shown.Rows || y < 0 || y >= shown.Size || x < 0 || x >= shown.Size)
        {
            return new Refusal(true, $"({z}, {y}, {x}) lies outside the volume ({shown.Rows} slices of {shown.Size} x {shown.Size})");
        }

        if (file is not null)
        {
            PreviewSlices moved = ReconSlices.Read(file, (z, y, x))!.Value.Slices;
            lock (_gate)
            {
                _slices = moved;
                _slicesVersion++;
            }

            return null;
        }

        if (live is not { CanMovePreview: true })
        {
            return new Refusal(false, live is null ? "this scan has no live reconstruction" : "this series' live previews stay where they are (cone-beam and holotomography previews); the file's slices can be moved after the scan");
        }

        live.MovePreview(z, y, x);
        return null;
    }

    /// <summary>Chooses the slice rectangle whose running spectrum is shown (a spectral scan).</summary>
    public Refusal? ChooseRegion(int x0, int y0, int x1, int y1)
    {
        lock (_gate)
        {
            if (_spectral is null)
            {
                return new Refusal(false, "no spectral preview: the running spectrum is for scans at several energies");
            }

            if (x0 < 0 || y0 < 0 || x1 > _spectral.Size || y1 > _spectral.Size || x1 <= x0 || y1 <= y0)
            {
                return new Refusal(true, $"the region [{x0}, {x1}) x [{y0}, {y1}) is not inside the {_spectral.Size} x {_spectral.Size} slice");
            }

            _region = (x0, y0, x1, y1);
            _spectrumVersion++;
            return null;
        }
    }

    private void OnPreview(PreviewSlices slices, StreamCounters counters)
    {
        double leftMs = progress.LeftMs(_live!.LastFrameSeq);
        lock (_gate)
        {
            if (_finalFile is not null)
            {
                return;
            }

            metrics.Stream(_counters, counters);
            (_slices, _counters, _slicesLeftMs) = (slices, counters, leftMs);
            _slicesVersion++;
        }
    }

    private void OnSpectralPreview(SpectralPreview preview, StreamCounters counters)
    {
        double leftMs = progress.LeftMs(_live!.LastFrameSeq);
        lock (_gate)
        {
            metrics.Stream(_counters, counters);
            (_spectral, _counters, _slicesLeftMs) = (preview, counters, leftMs);
            _slicesVersion++;
            _spectrumVersion++;
        }
    }

    private static double[] MeanOver(SpectralPreview preview, (int X0, int Y0, int X1, int Y1) region)
    {
        double[] spectrum = new double[preview.Slices.Count];
        for (int e = 0; e < spectrum.Length; e++)
        {
            double sum = 0;
            for (int y = region.Y0; y < region.Y1; y++)
            {
                for (int x = region.X0; x < region.X1; x++)
                {
                    sum += preview.Slices[e][(y * preview.Size) + x];
                }
            }

            spectrum[e] = sum / ((region.X1 - region.X0) * (region.Y1 - region.Y0));
        }

        return spectrum;
    }
}
