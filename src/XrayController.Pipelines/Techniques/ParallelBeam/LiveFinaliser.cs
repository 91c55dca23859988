using System.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Live;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;
using XrayController.Storage;

namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>
/// Completes the volume when a series has ended. With projection-local settings the live volume is the result: frames
/// the live path never used (transport gaps and preview drops) are read back from the scan file when they are
/// projections, and when a flat or dark is missing the volume is made by the offline reconstruction instead (it is what
/// the live one would have been). Whole-scan stages (the axis found from the whole scan, flats interpolated to the
/// end, stripe removal), or a volume too big to keep, also mean the offline reconstruction of the scan file.
/// </summary>
internal sealed class LiveFinaliser(string softwareVersion, LiveRequest request, StreamStart start, LiveSetup setup, List<string> notes)
{
    public (string? Output, string Outcome, double Seconds) Complete(IncrementalReconstructor? reconstructor, IReadOnlySet<long> processedSeqs, int frameCount, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? raw = start.RawFile is { } path && File.Exists(path) ? path : null;
        string? output = request.OutputPath ?? (raw is null ? null : OfflineReconstruction.DefaultOutput(raw));
        if (reconstructor is null || setup.Geometry is null)
        {
            return (null, "not reconstructed", 0);
        }

        bool wholeScan = request.Flats == FlatMode.Interpolated || request.RingRemoval != RingRemoval.None || request.AutoCenter || setup.CenterSource.StartsWith("detector middle", StringComparison.Ordinal);
        long[] missing = [.. Enumerable.Range(0, frameCount).Select(i => (long)i).Where(s => !processedSeqs.Contains(s))];
        if (raw is not null && (wholeScan || !setup.Geometry.FullVolume))
        {
            return (Offline(raw, output!, cancellationToken), "finalised from the scan file (whole-scan stages)", clock.Elapsed.TotalSeconds);
        }

        if (!setup.Geometry.FullVolume)
        {
            notes.Add("no scan file to finalise from: only the previews were reconstructed");
            return (null, "previews only", 0);
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
                return (Offline(raw, output!, cancellationToken), $"finalised from the scan file ({missing.Length} frames missed; {why})", clock.Elapsed.TotalSeconds);
            }

            foreach (FrameRecord projection in missedProjections)
            {
                reconstructor.AddProjection(file.ReadProjection(projection), projection.AngleDeg, (long)projection.Seq, new ReferenceCondition(projection.EnergyEv, projection.DistanceIndex, projection.TileIndex));
            }

            outcome = $"live volume, {missedProjections.Length} missed projections read back from the scan file";
        }
        else if (missing.Length > 0)
        {
            notes.Add($"{missing.Length} frames never reached the live reconstruction and there is no scan file to read them from: the volume lacks them");
        }

        output ??= "live_recon.h5";
        WriteVolume(reconstructor, output);
        return (output, outcome, clock.Elapsed.TotalSeconds);
    }

    private string Offline(string raw, string output, CancellationToken cancellationToken)
    {
        double? center = request.AutoCenter ? null : request.CenterPx ?? start.RotationAxisPx;
        var offline = new ReconstructionRequest(raw, center, request.Filter, null, null, output, null, request.Flats, request.RingRemoval, request.ZingerRemoval, request.MemoryBudgetBytes);
        return new OfflineReconstruction(softwareVersion).Run(offline, cancellationToken).OutputPath;
    }

    private void WriteVolume(IncrementalReconstructor reconstructor, string output)
    {
        LiveGeometry geometry = setup.Geometry!;
        var metadata = new ReconstructionMetadata(
            double.IsNaN(geometry.PixelSizeMm) ? "1/pixel" : "1/mm",
            double.IsNaN(geometry.PixelSizeMm) ? null : geometry.PixelSizeMm * 1000,
            geometry.CenterPx,
            setup.CenterSource,
            "fbp (live)",
            PlanNames.NameOf(PlanNames.Filters, geometry.Filter),
            "preceding",
            "none",
            request.ZingerRemoval,
            0,
            start.RawFile ?? request.Endpoint,
            softwareVersion);
        using var writer = new ReconstructionFileWriter(output, geometry.Rows, geometry.Columns, metadata);
        writer.WriteSlab(0, reconstructor.Volume(reconstructor.ProjectionsAdded));
        writer.Complete();
    }
}
