using XrayController.Core.Instruments;
using XrayController.Core.Steps;
using XrayController.Storage.Reading;

namespace XrayController.Storage;

/// <summary>
/// The scan file a compiled plan will write, as reading it back would describe it (<see cref="TomographyScan"/>): each
/// kind's frames in the order of the plan with the conditions the file records for them, and the geometry its
/// provenance records (<see cref="ScanFileProvenance"/>). A reconstruction is estimated from it before the scan runs.
/// </summary>
public static class PlannedScanFile
{
    public static TomographyScan Describe(CompiledScan scan, string path)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var frames = new Dictionary<FrameKind, List<FrameRecord>> { [FrameKind.Projection] = [], [FrameKind.Flat] = [], [FrameKind.Dark] = [] };
        bool energies = scan.EnergiesEv.Count > 0;
        foreach (FrameInfo frame in scan.PlannedFrames())
        {
            List<FrameRecord> stack = frames[frame.Kind];
            stack.Add(new FrameRecord(
                stack.Count,
                frame.Seq,
                frame.Kind == FrameKind.Projection ? frame.AngleDeg : double.NaN,
                energies ? frame.EnergyEv : double.NaN,
                frame.DistanceIndex,
                frame.TileIndex,
                frame.Magnification));
        }

        BeamGeometryProfile geometry = scan.Profile.Geometry;
        return new TomographyScan(path, scan.FrameRows, scan.FrameColumns, frames[FrameKind.Projection], frames[FrameKind.Flat], frames[FrameKind.Dark], ScanFileProvenance.PixelSizeUm(scan) / 1000, null)
        {
            OpticalMagnification = geometry.OpticalMagnification,
            ConeBeam = geometry is { SourceToObjectMm: { } sod, SourceToDetectorMm: { } sdd } ? (sod, sdd) : null,
            TilePositionsMm = scan.TilePositionsMm.Count > 0 ? scan.TilePositionsMm : null,
            DetectorOffsetMm = scan.Plan.Detector.OffsetMm,
            RoiCentreMm = scan.Plan.Roi is { } roi ? [roi.XMm, roi.YMm, roi.ZMm] : null,
            Holography = scan.DistancesMm.Count > 0 && geometry.SourceToDetectorMm is { } focusToDetector
                ? new HolographyGeometry(scan.DistancesMm, focusToDetector, ScanFileProvenance.DetectorPixelUm(scan) / 1000)
                : null,
        };
    }
}
