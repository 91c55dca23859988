using System.Globalization;
using System.Runtime.InteropServices;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Protocols.FrameStream;

namespace XrayController.Streaming;

/// <summary>Turns scan documents into frame-stream messages.</summary>
public static class StreamMessagesFromScan
{
    public static StreamStart Start(ScanStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        CompiledScan scan = started.Scan;
        InstrumentProfile profile = scan.Profile;
        int binning = scan.Plan.Detector.Binning;
        bool cone = profile.Geometry.Beam == BeamKind.Cone;
        double? effectivePixelUm = !cone || profile.Geometry.SourceToObjectMm is not null ? ProfileGeometry.EffectivePixelUm(profile) * binning : null;
        return new StreamStart(
            started.SeriesId.ToString(),
            scan.Plan.Name,
            PlanNames.NameOf(PlanNames.Techniques, scan.Plan.Technique),
            profile.Name,
            started.Provenance.Simulated,
            scan.Frames.Total,
            scan.Frames.Projections,
            scan.Frames.Flats,
            scan.Frames.Darks,
            scan.FrameRows,
            scan.FrameColumns,
            "uint16",
            scan.Plan.Detector.ExposureS,
            binning,
            effectivePixelUm ?? double.NaN,
            profile.Detector.PixelSizeUm * binning,
            started.Provenance.TrueRotationAxisPx ?? scan.Plan.Reconstruction.CenterPx,
            cone ? "cone" : "parallel",
            profile.Geometry.SourceToObjectMm,
            profile.Geometry.SourceToDetectorMm,
            [.. ProjectionAngles(scan)],
            scan.EnergiesEv,
            scan.DistancesMm,
            scan.TilePositionsMm,
            started.StartTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            started.Provenance.RawFile is { } raw ? Path.GetFullPath(raw) : null);
    }

    public static StreamImage Image(Guid seriesId, FrameAcquired frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        FrameInfo info = frame.Frame;
        ReadOnlyMemory<byte> data = MemoryMarshal.AsBytes(frame.Image.Pixels.Span).ToArray();
        return new StreamImage(
            seriesId.ToString(),
            info.Seq,
            (int)info.Kind,
            info.AngleDeg,
            double.IsNaN(info.EnergyEv) ? null : info.EnergyEv,
            info.DistanceIndex,
            info.TileIndex,
            frame.TimestampS,
            frame.Image.Rows,
            frame.Image.Columns,
            "uint16",
            data,
            double.IsNaN(info.Magnification) ? null : info.Magnification,
            double.IsNaN(info.PropagationDistanceMm) ? null : info.PropagationDistanceMm);
    }

    public static StreamEnd End(Guid seriesId, ScanEnded ended, long framesSent)
    {
        ArgumentNullException.ThrowIfNull(ended);
        return new StreamEnd(seriesId.ToString(), framesSent, ended.Status.ToString().ToLowerInvariant(), ended.Reason);
    }

    private static IEnumerable<double> ProjectionAngles(CompiledScan scan) =>
        scan.Steps.SelectMany(s => s switch
        {
            AcquireStep { Frame.Kind: FrameKind.Projection } a => [a.Frame.AngleDeg],
            FlyScanStep f => f.Frames.Select(frame => frame.AngleDeg),
            _ => [],
        });
}
