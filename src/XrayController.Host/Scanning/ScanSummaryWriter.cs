using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using XrayController.Analysis.Output;
using XrayController.Core.Scans;
using XrayController.Pipelines.Live;

namespace XrayController.Host.Scanning;

/// <summary>The final line of <c>xrayctl scan</c>, or its <c>--json</c> object (keys documented in README.md).</summary>
internal static class ScanSummaryWriter
{
    public static string Line(ScanSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var acquired = summary.Ended.Acquired;
        string stream = summary.StreamEndpoint is null ? "stream off" : $"stream {summary.StreamEndpoint} ({summary.StreamMessages} messages, {summary.StreamSubscribers} subscribers)";
        string scan = string.Create(CultureInfo.InvariantCulture,
            $"{summary.PlanName} {summary.Ended.Status.ToString().ToLowerInvariant()}: {acquired.Total} of {summary.Planned.Total} frames ({acquired.Projections} projections, {acquired.Flats} flats, {acquired.Darks} darks) in {summary.WallS:0.0} s (estimate {summary.EstimateS:0.0} s at speed {summary.Speed:0.##}) -> {summary.RawFile}; {stream}");
        string live = summary.Live is { } result ? Environment.NewLine + LiveResultWriter.Line(result) : string.Empty;
        string quality = summary.Quality is { } q
            ? Environment.NewLine + string.Create(CultureInfo.InvariantCulture, $"central slice (detector row {q.Slice}) of {summary.Live!.OutputPath}: RMSE against the phantom {q.RmsePerMm:0.###} 1/mm, {q.RelativeRmse:P1} of its largest attenuation")
            : string.Empty;
        string calibration = summary.Ended.Calibration is { } c
            ? Environment.NewLine + string.Create(CultureInfo.InvariantCulture, $"energy calibration on the reference foil: edge at {c.MeasuredEdgeEv:0.00} eV on the monochromator's scale, {c.ReferenceEdgeEv:0.0} eV tabulated: every energy shifted by {c.ShiftEv:+0.00;-0.00} eV") + (summary.SimulatedEnergyOffsetEv is { } offset ? string.Create(CultureInfo.InvariantCulture, $" (the simulated scale was off by {offset:+0.00;-0.00} eV)") : string.Empty)
            : string.Empty;
        return scan + calibration + live + quality + (summary.Xanes is { } xanes ? Environment.NewLine + XanesLines(xanes) : string.Empty)
            + (summary.Holotomo is { } holotomo ? Environment.NewLine + HolotomoLines(holotomo) : string.Empty)
            + (summary.LabCt is { } labCt ? Environment.NewLine + LabCtLines(labCt) : string.Empty);
    }

    private static string LabCtLines(LabCtOutcome l)
    {
        string seams = l.Seams.Count == 0 ? string.Empty : "; seams " + string.Join(", ", l.Seams.Select(s => string.Create(CultureInfo.InvariantCulture, $"correlation {s.Correlation:0.000}, best shift {s.ShiftVoxels:+0.0;-0.0} voxels {(s.Applied ? "applied" : "not applied")}")));
        string lines = string.Create(CultureInfo.InvariantCulture, $"FDK of {l.Tiles} tile{(l.Tiles == 1 ? string.Empty : "s")}{(l.Tiles > 1 ? ", stitched" : string.Empty)} in {l.ReconSeconds:0.0} s -> {l.ReconFile}{seams}");
        if (l.Inspection is not { } inspection)
        {
            return lines;
        }

        lines += string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}cell inspection in {l.InspectionSeconds:0.0} s -> {l.InspectionDirectory}{Environment.NewLine}{CellReport.Text(inspection)}");
        return l.Truth is not { } t ? lines : lines + Environment.NewLine + string.Create(CultureInfo.InvariantCulture,
            $"against the simulated cell: electrode thickness error {t.MeanErrorUm:+0.0;-0.0} µm mean, {t.RmsErrorUm:0.0} µm RMS, {t.Within3UmShare:P0} within ±3 µm over {t.Compared} crossings (true mean {t.MeanTruthUm:0.0} µm; {t.Misplaced} crossings off the electrode); defects found {t.DefectsFound} of {t.DefectsPlanted}, {t.FalseDefects} false");
    }

    private static string HolotomoLines(HolotomoOutcome h)
    {
        string shifts = string.Join(", ", h.Phase.ShiftsPx.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{h.Phase.Distances[i]}: ({s.Rows:+0.00;-0.00}, {s.Columns:+0.00;-0.00})")));
        string lines = string.Create(CultureInfo.InvariantCulture, $"phase retrieval {h.Phase.Method}{(h.Phase.DeltaBeta is { } r ? $" (δ/β {r:G4})" : string.Empty)} over {h.Phase.Distances.Count} distances (registration shifts in px, rows and columns: {shifts}; {h.Phase.RetrievalSecondsPerAngle * 1000:0.0} ms per angle), δ reconstructed in {h.ReconSeconds:0.0} s -> {h.ReconFile}; FRC resolution {h.Phase.FrcResolutionUm * 1000:0} nm ({h.Phase.FrcResolutionPx:0.0} px of {h.Phase.PixelUm * 1000:0} nm){Environment.NewLine}fragment analysis in {h.AnalysisSeconds:0.0} s -> {h.AnalysisDirectory}{Environment.NewLine}{FragmentReport.Summary(h.Fragments)}");
        return h.Quality is not { } q ? lines : lines + Environment.NewLine + string.Create(CultureInfo.InvariantCulture,
            $"against the simulated truth: registration of the distances {h.RegistrationRmsPx:0.000} px RMS from the simulated sideways motion; δ correlates with Pearson r = {q.PearsonR:0.000}{(q.PaganinPearsonR is { } paganin ? $" (Paganin's single-distance retrieval of the same data: {paganin:0.000})" : string.Empty)}; the truth's own δ gives {q.TruthFragments.Particles.Count} particles and {q.TruthFragments.Fragments.Count} fragments (by region: {string.Join(", ", q.TruthFragments.Regions.Select(r => r.Fragments))})");
    }

    private static string XanesLines(XanesOutcome x)
    {
        string lines = string.Create(CultureInfo.InvariantCulture, $"reconstructed {x.Energies} energies in {x.ReconSeconds:0.0} s -> {x.ReconFile}{Environment.NewLine}XANES analysis in {x.AnalysisSeconds:0.0} s -> {x.AnalysisDirectory}{Environment.NewLine}{x.Summary}");
        return x.Quality is not { } q ? lines : lines + Environment.NewLine + string.Create(CultureInfo.InvariantCulture,
            $"against the simulated truth: edge energy RMS error {q.EdgeRmsEv:0.000} eV over {q.InteriorVoxels - q.InteriorMasked} interior voxels ({q.InteriorMasked} masked); grain means RMS error {q.GrainMeanRmsEv:0.000} eV over {q.GrainsCompared} grains, grain std within 20 % for {q.GrainStdWithin20Percent:P0} (median ratio {q.GrainStdRatioMedian:0.00}); fragment volumes within 5 % for {q.FragmentsWithin5Percent} of {q.FragmentsCompared} (largest error {q.FragmentVolumeMaxError:P1}); damage class right for {q.DamageClassesAgreeing} of {q.ParticlesCompared} particles; registration of the energies {x.RegistrationRmsPx:0.000} px RMS from the simulated image wander");
    }

    public static string Json(ScanSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("status", summary.Ended.Status.ToString().ToLowerInvariant());
            json.WriteString("reason", summary.Ended.Reason);
            json.WriteString("plan", summary.PlanName);
            json.WriteString("instrument", summary.Instrument);
            json.WriteBoolean("simulated", summary.Simulated);
            json.WriteStartObject("files");
            json.WriteString("raw", summary.RawFile);
            json.WriteString("recon", summary.Live?.OutputPath);
            json.WriteEndObject();
            json.WriteStartObject("frames");
            json.WriteNumber("projection", summary.Ended.Acquired.Projections);
            json.WriteNumber("flat", summary.Ended.Acquired.Flats);
            json.WriteNumber("dark", summary.Ended.Acquired.Darks);
            json.WriteNumber("total", summary.Ended.Acquired.Total);
            json.WriteNumber("planned", summary.Planned.Total);
            json.WriteEndObject();
            json.WriteNumber("wall_s", Math.Round(summary.WallS, 3));
            json.WriteNumber("scan_clock_s", Math.Round(summary.Ended.ElapsedS, 3));
            json.WriteNumber("estimate_s", Math.Round(summary.EstimateS, 3));
            json.WriteNumber("speed", summary.Speed);
            if (summary.StreamEndpoint is null)
            {
                json.WriteNull("stream");
            }
            else
            {
                json.WriteStartObject("stream");
                json.WriteString("endpoint", summary.StreamEndpoint);
                json.WriteNumber("subscribers", summary.StreamSubscribers);
                json.WriteNumber("messages_sent", summary.StreamMessages);
                json.WriteEndObject();
            }

            if (summary.Live is { } live)
            {
                json.WriteStartObject("drops");
                json.WriteNumber("transport_gaps", live.Counters.TransportGaps);
                json.WriteNumber("preview_drops", live.Counters.PreviewDrops);
                json.WriteEndObject();
                json.WritePropertyName("reconstruction");
                JsonSerializer.Serialize(json, LiveResultWriter.Json(live));
            }
            else
            {
                json.WriteNull("drops");
                json.WriteNull("reconstruction");
            }

            WriteCalibration(json, summary);
            WriteXanes(json, summary.Xanes);
            WriteHolotomo(json, summary.Holotomo);
            WriteLabCt(json, summary.LabCt);
            if (summary.Quality is { } quality)
            {
                json.WriteStartObject("quality");
                json.WriteNumber("slice", quality.Slice);
                json.WriteNumber("rmse_per_mm", Math.Round(quality.RmsePerMm, 4));
                json.WriteNumber("relative_rmse", Math.Round(quality.RelativeRmse, 4));
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("quality");
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteCalibration(Utf8JsonWriter json, ScanSummary summary)
    {
        if (summary.Ended.Calibration is not { } c)
        {
            json.WriteNull("energy_calibration");
            return;
        }

        json.WriteStartObject("energy_calibration");
        json.WriteNumber("measured_edge_ev", Math.Round(c.MeasuredEdgeEv, 4));
        json.WriteNumber("reference_edge_ev", c.ReferenceEdgeEv);
        json.WriteNumber("shift_ev", Math.Round(c.ShiftEv, 4));
        if (summary.SimulatedEnergyOffsetEv is { } offset)
        {
            json.WriteNumber("simulated_offset_ev", offset);
        }

        json.WriteEndObject();
    }

    private static void WriteXanes(Utf8JsonWriter json, XanesOutcome? xanes)
    {
        if (xanes is null)
        {
            json.WriteNull("xanes");
            return;
        }

        json.WriteStartObject("xanes");
        json.WriteString("recon", xanes.ReconFile);
        json.WriteNumber("energies", xanes.Energies);
        json.WriteNumber("recon_s", Math.Round(xanes.ReconSeconds, 2));
        json.WriteString("analysis_dir", xanes.AnalysisDirectory);
        json.WriteNumber("analysis_s", Math.Round(xanes.AnalysisSeconds, 2));
        if (xanes.RegistrationRmsPx is { } registration)
        {
            json.WriteNumber("registration_rms_px", Math.Round(registration, 4));
        }
        else
        {
            json.WriteNull("registration_rms_px");
        }

        if (xanes.Quality is { } q)
        {
            json.WriteStartObject("truth");
            json.WriteNumber("interior_voxels", q.InteriorVoxels);
            json.WriteNumber("interior_masked", q.InteriorMasked);
            json.WriteNumber("edge_rms_ev", Math.Round(q.EdgeRmsEv, 4));
            json.WriteNumber("grains_compared", q.GrainsCompared);
            json.WriteNumber("grain_mean_rms_ev", Math.Round(q.GrainMeanRmsEv, 4));
            json.WriteNumber("grain_std_within_20_percent", Math.Round(q.GrainStdWithin20Percent, 4));
            json.WriteNumber("grain_std_ratio_median", Math.Round(q.GrainStdRatioMedian, 4));
            json.WriteNumber("fragments_compared", q.FragmentsCompared);
            json.WriteNumber("fragment_volume_max_error", Math.Round(q.FragmentVolumeMaxError, 4));
            json.WriteNumber("fragments_within_5_percent", q.FragmentsWithin5Percent);
            json.WriteNumber("particles_compared", q.ParticlesCompared);
            json.WriteNumber("damage_classes_agreeing", q.DamageClassesAgreeing);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("truth");
        }

        json.WriteEndObject();
    }

    private static void WriteLabCt(Utf8JsonWriter json, LabCtOutcome? labCt)
    {
        if (labCt is null)
        {
            json.WriteNull("lab_ct");
            return;
        }

        json.WriteStartObject("lab_ct");
        json.WriteString("recon", labCt.ReconFile);
        json.WriteNumber("recon_s", Math.Round(labCt.ReconSeconds, 2));
        json.WriteNumber("tiles", labCt.Tiles);
        json.WriteStartArray("seams");
        foreach ((double shift, double correlation, bool applied) in labCt.Seams)
        {
            json.WriteStartObject();
            json.WriteNumber("shift_voxels", Math.Round(shift, 2));
            json.WriteNumber("correlation", Math.Round(correlation, 4));
            json.WriteBoolean("applied", applied);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("inspection_dir", labCt.InspectionDirectory);
        if (labCt.Inspection is { } inspection)
        {
            json.WritePropertyName("inspection");
            JsonSerializer.Serialize(json, CellReport.Summary(inspection));
        }
        else
        {
            json.WriteNull("inspection");
        }

        if (labCt.Truth is { } t)
        {
            json.WriteStartObject("truth");
            json.WriteNumber("compared", t.Compared);
            json.WriteNumber("misplaced", t.Misplaced);
            json.WriteNumber("mean_error_um", Math.Round(t.MeanErrorUm, 3));
            json.WriteNumber("rms_error_um", Math.Round(t.RmsErrorUm, 3));
            json.WriteNumber("within_3um", Math.Round(t.Within3UmShare, 4));
            json.WriteNumber("mean_truth_um", Math.Round(t.MeanTruthUm, 3));
            json.WriteNumber("defects_planted", t.DefectsPlanted);
            json.WriteNumber("defects_found", t.DefectsFound);
            json.WriteNumber("false_defects", t.FalseDefects);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("truth");
        }

        json.WriteEndObject();
    }

    private static void WriteHolotomo(Utf8JsonWriter json, HolotomoOutcome? holotomo)
    {
        if (holotomo is null)
        {
            json.WriteNull("holotomography");
            return;
        }

        json.WriteStartObject("holotomography");
        json.WriteString("recon", holotomo.ReconFile);
        json.WriteNumber("recon_s", Math.Round(holotomo.ReconSeconds, 2));
        json.WriteString("phase_retrieval", holotomo.Phase.Method);
        json.WriteNumber("distances", holotomo.Phase.Distances.Count);
        json.WriteNumber("retrieval_ms_per_angle", Math.Round(holotomo.Phase.RetrievalSecondsPerAngle * 1000, 2));
        json.WriteNumber("frc_resolution_um", Math.Round(holotomo.Phase.FrcResolutionUm, 4));
        json.WriteString("analysis_dir", holotomo.AnalysisDirectory);
        json.WriteNumber("analysis_s", Math.Round(holotomo.AnalysisSeconds, 2));
        json.WriteNumber("particles", holotomo.Fragments.Particles.Count);
        json.WriteNumber("fragments", holotomo.Fragments.Fragments.Count);
        WriteRegionCounts(json, holotomo.Fragments.Regions);
        if (holotomo.Quality is { } q)
        {
            json.WriteStartObject("truth");
            if (holotomo.RegistrationRmsPx is { } registration)
            {
                json.WriteNumber("registration_rms_px", Math.Round(registration, 4));
            }
            json.WriteNumber("pearson_r", Math.Round(q.PearsonR, 4));
            if (q.PaganinPearsonR is { } paganin)
            {
                json.WriteNumber("paganin_pearson_r", Math.Round(paganin, 4));
            }
            else
            {
                json.WriteNull("paganin_pearson_r");
            }

            json.WriteNumber("particles", q.TruthFragments.Particles.Count);
            json.WriteNumber("fragments", q.TruthFragments.Fragments.Count);
            WriteRegionCounts(json, q.TruthFragments.Regions);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("truth");
        }

        json.WriteEndObject();
    }

    private static void WriteRegionCounts(Utf8JsonWriter json, IReadOnlyList<XrayController.Analysis.Fragments.DepthRegion> regions)
    {
        json.WriteStartArray("fragments_by_region");
        foreach (XrayController.Analysis.Fragments.DepthRegion region in regions)
        {
            json.WriteNumberValue(region.Fragments);
        }

        json.WriteEndArray();
    }

    public static bool Succeeded(ScanSummary summary) => summary.Ended.Status == ScanStatus.Completed;
}
