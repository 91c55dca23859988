using System.Globalization;
using PureHDF;
using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage;

/// <summary>
/// The descriptive groups of a scan file: <c>/measurement</c> (instrument, detector, geometry, sample) and
/// <c>/process</c> (software, plan and profile texts, simulated or real, start time, the simulator's true rotation axis).
/// </summary>
internal static class ScanFileProvenance
{
    public static H5Group Measurement(ScanStarted started, H5Group frames)
    {
        CompiledScan scan = started.Scan;
        InstrumentProfile profile = scan.Profile;
        var group = new H5Group
        {
            ["frames"] = frames,
            ["sample"] = new H5Group { ["name"] = scan.Plan.Sample.Name },
            ["instrument"] = new H5Group
            {
                ["detector"] = Detector(scan),
                ["geometry"] = Geometry(scan),
            },
        };
        group.Attributes["instrument"] = profile.Name;
        AddSimulation(group, started.Provenance);
        return group;
    }

    public static H5Group Process(ScanStarted started, H5Group acquisition)
    {
        ScanProvenance provenance = started.Provenance;
        CompiledScan scan = started.Scan;
        var group = new H5Group { ["acquisition"] = acquisition };
        group.Attributes["software"] = "XrayController";
        group.Attributes["software_version"] = provenance.SoftwareVersion;
        group.Attributes["series_unique_id"] = started.SeriesId.ToString();
        group.Attributes["technique"] = PlanNames.NameOf(PlanNames.Techniques, scan.Plan.Technique);
        group.Attributes["plan_name"] = scan.Plan.Name;
        group.Attributes["plan_file"] = provenance.PlanSource;
        group.Attributes["plan"] = provenance.PlanText;
        group.Attributes["instrument_profile_file"] = provenance.ProfileSource;
        group.Attributes["instrument_profile"] = provenance.ProfileText;
        group.Attributes["start_time"] = started.StartTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        group.Attributes["frames_planned"] = scan.Frames.Total;
        AddSimulation(group, provenance);
        return group;
    }

    private static void AddSimulation(H5Group group, ScanProvenance provenance)
    {
        group.Attributes["simulated"] = provenance.Simulated ? 1 : 0;
        if (provenance.StreamEndpoint is { } stream)
        {
            group.Attributes["stream_endpoint"] = stream;
        }

        if (provenance.FaultsFile is { } faults)
        {
            group.Attributes["faults_file"] = faults.Source;
            group.Attributes["faults"] = faults.Text;
        }

        if (provenance.TrueRotationAxisPx is { } axis)
        {
            group.Attributes["true_rotation_axis_px"] = axis;
        }
    }

    private static H5Group Detector(CompiledScan scan)
    {
        DetectorProfile detector = scan.Profile.Detector;
        var group = new H5Group();
        group.Attributes["kind"] = detector.Kind == DetectorKind.Ccd ? "ccd" : "flat-panel";
        if (scan.Profile.Configuration is { } configuration)
        {
            group.Attributes["configuration"] = configuration;
        }

        group.Attributes["columns"] = detector.Columns;
        group.Attributes["rows"] = detector.Rows;
        group.Attributes["pixel_size_um"] = detector.PixelSizeUm;
        group.Attributes["bit_depth"] = detector.BitDepth;
        group.Attributes["readout_s"] = detector.ReadoutS;
        group.Attributes["exposure_s"] = scan.Plan.Detector.ExposureS;
        group.Attributes["binning"] = scan.Plan.Detector.Binning;
        group.Attributes["frame_rows"] = scan.FrameRows;
        group.Attributes["frame_columns"] = scan.FrameColumns;
        return group;
    }

    private static H5Group Geometry(CompiledScan scan)
    {
        BeamGeometryProfile geometry = scan.Profile.Geometry;
        var group = new H5Group();
        if (scan.DistancesMm.Count > 0)
        {
            group["distances_mm"] = scan.DistancesMm.ToArray();
            if (geometry.SourceToDetectorMm is { } focusToDetector)
            {
                double detectorPixelUm = DetectorPixelUm(scan);
                group.Attributes["detector_pixel_size_um"] = detectorPixelUm;
                group["magnification"] = scan.DistancesMm.Select(z => FresnelScaling.Magnification(z, focusToDetector)).ToArray();
                group["propagation_distance_mm"] = scan.DistancesMm.Select(z => FresnelScaling.EffectiveDistanceMm(z, focusToDetector)).ToArray();
                group["pixel_size_um_at_sample"] = scan.DistancesMm.Select(z => detectorPixelUm / FresnelScaling.Magnification(z, focusToDetector)).ToArray();
            }
        }

        if (scan.TilePositionsMm.Count > 0)
        {
            group["tile_positions_mm"] = scan.TilePositionsMm.ToArray();
        }

        group.Attributes["beam"] = geometry.Beam == BeamKind.Cone ? "cone" : "parallel";
        group.Attributes["optical_magnification"] = geometry.OpticalMagnification;
        if (geometry.SourceToObjectMm is { } sod)
        {
            group.Attributes["source_to_object_mm"] = sod;
        }

        if (geometry.SourceToDetectorMm is { } sdd)
        {
            group.Attributes["source_to_detector_mm"] = sdd;
        }

        if (scan.Plan.Detector.OffsetMm is { } detectorOffset)
        {
            group.Attributes["detector_offset_mm"] = detectorOffset;
        }

        if (scan.Plan.Roi is { } roi)
        {
            group.Attributes["roi_centre_mm"] = new[] { roi.XMm, roi.YMm, roi.ZMm };
            group.Attributes["roi_centre"] = "the region's centre in the sample's frame (x, y at angle 0, put on the rotation axis by the centring stages; z its height, brought to the detector's central row by sample_z at -z), as the cell inspection reports positions";
            group.Attributes["roi_diameter_mm"] = roi.DiameterMm;
        }

        if (PixelSizeUm(scan) is { } pixel)
        {
            group.Attributes["pixel_size_um"] = pixel;
            if (geometry.Beam == BeamKind.Cone && geometry.SourceToObjectMm is { } objectMm && geometry.SourceToDetectorMm is { } detectorMm)
            {
                group["projection_matrices"] = ProjectionMatrices(scan, objectMm, detectorMm, pixel / 1000 * detectorMm / objectMm);
            }
        }

        return group;
    }

    /// <summary>
    /// Each projection's 3 × 4 matrix in the order of the projections, at its planned angle (the frames record the
    /// measured one), with the central ray's foot at the panel's centre less the plan's detector offset (the rotation
    /// axis's column is measured at reconstruction): <see cref="ConeProjection"/>'s convention, stated in the dataset's attributes so any reader can
    /// back-project with them.
    /// </summary>
    private static H5Dataset ProjectionMatrices(CompiledScan scan, double sourceToObjectMm, double sourceToDetectorMm, double detectorPixelMm)
    {
        double[] angles = [.. scan.PlannedFrames().Where(f => f.Kind == FrameKind.Projection).Select(f => f.AngleDeg)];
        double principalColumn = ((scan.FrameColumns - 1) / 2.0) - ((scan.Plan.Detector.OffsetMm ?? 0) / detectorPixelMm);
        var values = new double[angles.Length * 12];
        for (int p = 0; p < angles.Length; p++)
        {
            ConeProjection.Circular(angles[p], sourceToObjectMm, sourceToDetectorMm, detectorPixelMm, detectorPixelMm, principalColumn, (scan.FrameRows - 1) / 2.0).CopyTo(values, p * 12);
        }

        var dataset = new H5Dataset(values, fileDims: [(ulong)angles.Length, 3, 4]);
        dataset.Attributes["convention"] = "column = P[0]·X / P[2]·X, row = P[1]·X / P[2]·X for X = (x, y, z, 1) in mm in the sample frame: z the rotation axis, up; at angle θ the source at (SOD sin θ, −SOD cos θ, 0); columns and rows as stored in /exchange/data; P[2]·X the distance from the source along the central ray";
        dataset.Attributes["principal_point"] = "the panel's centre, less the detector offset in pixels when the panel is moved on its lateral translation; the rotation axis's column is measured at reconstruction";
        return dataset;
    }

    /// <summary>The stored pixel at the sample that the file records: for a parallel beam or a cone from a source at a known distance, else none.</summary>
    internal static double? PixelSizeUm(CompiledScan scan)
    {
        BeamGeometryProfile geometry = scan.Profile.Geometry;
        return geometry.Beam == BeamKind.Parallel || geometry.SourceToObjectMm is not null
            ? ProfileGeometry.EffectivePixelUm(scan.Profile) * scan.Plan.Detector.Binning
            : null;
    }

    /// <summary>Holotomography's detector pixel in stored pixels: binned, divided by any optical magnification (Fresnel scaling gives it at the sample).</summary>
    internal static double DetectorPixelUm(CompiledScan scan) =>
        scan.Profile.Detector.PixelSizeUm * scan.Plan.Detector.Binning / scan.Profile.Geometry.OpticalMagnification;
}
