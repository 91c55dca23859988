using System.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>
/// Completes the volume when a series has ended. With projection-local settings the live volume is the result: frames
/// the live path never used (transport gaps and preview drops) are read back from the scan file when they are
/// projections, and when a flat or dark is missing the volume is made by the offline reconstruction instead (it is what
/// the live one would have been). Whole-scan stages (the axis found from the whole scan, flats interpolated to the
/// end, stripe removal), or a volume too big to keep, also mean the offline reconstruction of the scan file. A slab
/// worker's volume holds its window's rows only, whichever way it is made.
/// </summary>
internal sealed class LiveFinaliser(ParallelReconstruction offline, LiveSeries series, LiveGeometry geometry, RowWindow? window, string softwareVersion)
{
    private LiveRequest Request => series.Request;

    private StreamStart Start => series.Start;

    public LiveCompletion Complete(IncrementalReconstructor reconstructor, LiveEnd end, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? raw = Start.RawFile is { } path && File.Exists(path) ? path : null;
        string? output = Request.OutputPath ?? (raw is null ? null : OfflineReconstruction.DefaultOutput(raw));
        List<string> notes = series.Notes;

        bool wholeScan = Request.Flats == FlatMode.Interpolated || Request.RingRemoval != RingRemoval.None || Request.AutoCenter || series.Axis.Source == LiveAxis.DetectorMiddle;
        long[] missing = [.. Enumerable.Range(0, end.FrameCount).Select(i => (long)i).Where(s => !end.ProcessedSeqs.Contains(s))];
        if (raw is not null && (wholeScan || !geometry.FullVolume))
        {
            return new LiveCompletion(Offline(raw, output!, cancellationToken), "finalised from the scan file (whole-scan stages)", clock.Elapsed.TotalSeconds);
        }

        if (!geometry.FullVolume)
        {
            notes.Add("no scan file to finalise from: only the previews were reconstructed");
            return new LiveCompletion(null, "previews only", 0);
        }

        if (wholeScan)
        {
            notes.Add("whole-scan stages were asked for but the scan file is not available: the volume has projection-local settings");
        }

        string outcome = "live volume";
        if (missing.Length > 0 && raw is not null)
        {
            using TomographyFile file = TomographyFileReader.Open(raw);
            FrameRecord[] missedProjections = [.. file.Projections.Where(p => missing.Contains((long)p.Seq))];
            if (missedProjections.Length != missing.Length)
            {
                string why = file.Projections.All(p => double.IsNaN(p.Seq))
                    ? "the file does not say which of its frames they are"
                    : "flats or darks among them";
                return new LiveCompletion(Offline(raw, output!, cancellationToken), $"finalised from the scan file ({missing.Length} frames missed; {why})", clock.Elapsed.TotalSeconds);
            }

            foreach (FrameRecord projection in missedProjections)
            {
                float[] frame = file.ReadProjection(projection);
                reconstructor.AddProjection(window?.Cut(frame, imageKey: 0) ?? frame, projection.AngleDeg, (long)projection.Seq, new ReferenceCondition(projection.EnergyEv, projection.DistanceIndex, projection.TileIndex));
            }

            outcome = $"live volume, {missedProjections.Length} missed projections read back from the scan file";
        }
        else if (missing.Length > 0)
        {
            notes.Add($"{missing.Length} frames never reached the live reconstruction and there is no scan file to read them from: the volume lacks them");
        }

        output ??= "live_recon.h5";
        WriteVolume(reconstructor, output);
        return new LiveCompletion(output, outcome, clock.Elapsed.TotalSeconds);
    }

    private string Offline(string raw, string output, CancellationToken cancellationToken)
    {
        double? center = Request.AutoCenter ? null : Request.CenterPx ?? Start.RotationAxisPx;
        var request = new ReconstructionRequest(raw, center, Request.Filter, window?.First, window?.End, output, null, Request.Flats, Request.RingRemoval, Request.ZingerRemoval, Request.MemoryBudgetBytes);
        using TomographyFile file = OfflineReconstruction.Open(raw);
        return offline.Run(file, request, cancellationToken).OutputPath;
    }

    private void WriteVolume(IncrementalReconstructor reconstructor, string output)
    {
        var metadata = new ReconstructionMetadata(
            double.IsNaN(geometry.PixelSizeMm) ? "1/pixel" : "1/mm",
            double.IsNaN(geometry.PixelSizeMm) ? null : geometry.PixelSizeMm * 1000,
            geometry.CenterPx,
            series.Axis.Source,
            "fbp (live)",
            PlanNames.NameOf(PlanNames.Filters, geometry.Filter),
            "preceding",
            "none",
            Request.ZingerRemoval,
            window?.First ?? 0,
            Start.RawFile ?? Request.Endpoint,
            softwareVersion);
        using var writer = new ReconstructionFileWriter(output, geometry.Rows, geometry.Columns, metadata);
        writer.WriteSlab(0, reconstructor.Volume(reconstructor.ProjectionsAdded));
        writer.Complete();
    }
}
