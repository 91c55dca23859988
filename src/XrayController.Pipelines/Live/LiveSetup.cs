using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Live;

namespace XrayController.Pipelines.Live;

/// <summary>
/// How a series will be reconstructed live, decided from its start message: the geometry (null when the series is
/// something the live reconstruction does not handle yet), where the axis is and where that came from, and whether the
/// whole volume fits the memory budget.
/// </summary>
/// <param name="Spectral">A series at several energies (one parallel-beam tomogram per energy): previewed per energy, the volumes made offline.</param>
/// <param name="Holographic">A holotomography series (several distances, one energy, a focus-to-detector distance): phase previews, the δ volume made offline.</param>
/// <param name="Cone">A lab cone-beam series (a fixed source): live FDK of each tile, the stitched volume made offline.</param>
internal sealed record LiveSetup(LiveGeometry? Geometry, double CenterPx, string CenterSource, bool Spectral = false, bool Holographic = false, bool Cone = false)
{
    public static LiveSetup From(StreamStart start, LiveRequest request, List<string> notes)
    {
        double center = request.CenterPx ?? start.RotationAxisPx ?? ((start.Columns - 1) / 2.0);
        string source = request.CenterPx is not null ? "given" : start.RotationAxisPx is not null ? "stream start message" : "detector middle (preview only)";
        if (start.RotationAxisPx is null && request.CenterPx is null)
        {
            notes.Add("the stream gave no rotation axis: the previews use the detector's middle and the final volume is made offline with the axis found then");
        }

        double pixelMm = double.IsNaN(start.PixelSizeUm) ? double.NaN : start.PixelSizeUm / 1000;
        if (start.Beam == "parallel" && start.EnergiesEv.Count > 1 && start.DistancesMm.Count <= 1 && start.TilePositionsMm.Count <= 1)
        {
            notes.Add($"a series at {start.EnergiesEv.Count} energies: each energy is previewed live (axial slice, running spectrum, edge-energy map); the volumes are made from the scan file at the end");
            return new LiveSetup(new LiveGeometry(start.Rows, start.Columns, center, pixelMm, start.ProjectionCount, request.Filter, FullVolume: false), center, source, Spectral: true);
        }

        if (start.Beam == "cone" && start.DistancesMm.Count > 1 && start.EnergiesEv.Count == 1 && start.SourceToDetectorMm is not null && start.TilePositionsMm.Count <= 1
            && start.ProjectionCount % start.DistancesMm.Count == 0)
        {
            return new LiveSetup(new LiveGeometry(start.Rows, start.Columns, center, pixelMm, start.ProjectionCount / start.DistancesMm.Count, request.Filter, FullVolume: false), center, source, Holographic: true);
        }

        if (start.Beam == "cone" && start.SourceToObjectMm is not null && start.SourceToDetectorMm is not null && start.DistancesMm.Count <= 1 && start.EnergiesEv.Count <= 1 && start.AnglesDeg.Count > 0)
        {
            long tileBytes = (long)start.Rows * start.Columns * start.Columns * sizeof(float);
            int perTile = LiveReconstruction.TileAngles(start).Length;
            bool whole = tileBytes <= request.MemoryBudgetBytes;
            notes.Add(whole
                ? $"cone beam: live FDK of each tile ({perTile} projections a tile); the stitched volume is made from the scan file at the end"
                : $"cone beam: live FDK of each tile's central slice (the whole tile, {tileBytes / 1e9:0.##} GB, is not kept); the volume is made from the scan file at the end");
            return new LiveSetup(new LiveGeometry(start.Rows, start.Columns, center, pixelMm, perTile, request.Filter, FullVolume: whole), center, source, Cone: true);
        }

        if (start.Beam != "parallel" || start.EnergiesEv.Count > 1 || start.DistancesMm.Count > 1 || start.TilePositionsMm.Count > 1)
        {
            notes.Add($"live reconstruction handles parallel-beam tomograms (one or one per energy), holotomography and lab cone-beam series; this {start.Technique} series is received and counted but not reconstructed");
            return new LiveSetup(null, center, source);
        }

        long volumeBytes = (long)start.Rows * start.Columns * start.Columns * sizeof(float);
        bool fullVolume = request.FullVolume ?? volumeBytes <= request.MemoryBudgetBytes;
        if (!fullVolume)
        {
            notes.Add($"the whole volume ({volumeBytes / 1e9:0.##} GB) is not kept live; the final volume is made offline from the scan file");
        }

        return new LiveSetup(new LiveGeometry(start.Rows, start.Columns, center, pixelMm, start.ProjectionCount, request.Filter, fullVolume), center, source);
    }
}
