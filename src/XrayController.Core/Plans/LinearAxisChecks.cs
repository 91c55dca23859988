using XrayController.Core.Instruments;
using XrayController.Core.Optics;

namespace XrayController.Core.Plans;

/// <summary>
/// The checks on the linear axes: the sample's in-beam and out-of-beam positions, distances, tiles, region of interest,
/// and the detector's offset for a half-acquisition; each position must lie within the limits of an axis the
/// instrument has.
/// </summary>
internal sealed class LinearAxisChecks(PlanDiagnostics report)
{
    private Plan Plan => report.Plan;

    private InstrumentProfile Profile => report.Profile;

    public void Run()
    {
        CheckSample();
        CheckDistances();
        CheckTiles();
        CheckRoi();
        CheckDetectorOffset();
    }

    private void CheckSample()
    {
        if (Plan.Roi is not null && Plan.Sample.InBeamMm.Count > 0)
        {
            Error("sample.in_beam", "a local-tomography plan places the sample through roi; leave sample.in_beam out");
        }

        foreach ((char axis, double mm) in Plan.Sample.InBeamMm)
        {
            CheckLinear($"sample.in_beam.{axis}_mm", InstrumentProfile.SampleAxisName(axis), mm);
        }

        foreach ((char axis, double offset) in Plan.Sample.OutOfBeamOffsetMm)
        {
            string name = InstrumentProfile.SampleAxisName(axis);
            if (RequireAxis($"sample.out_of_beam.{axis}_mm", name) is { } profile)
            {
                double inBeam = Plan.Sample.InBeamMm.TryGetValue(axis, out double given) ? given : profile.InitialMm;
                CheckLinear($"sample.out_of_beam.{axis}_mm", name, inBeam + offset, $" (in-beam {Number(inBeam, 4)} mm plus the offset)");
            }
        }
    }

    private void CheckDistances()
    {
        if (Plan.Distances is not { } distances || RequireAxis("distances", InstrumentProfile.FocusToSample) is null)
        {
            return;
        }

        for (int i = 0; i < distances.FocusToSampleMm.Count; i++)
        {
            string path = $"distances.focus_to_sample_mm[{i}]";
            double z1 = distances.FocusToSampleMm[i];
            CheckLinear(path, InstrumentProfile.FocusToSample, z1);
            if (Profile.Geometry.SourceToDetectorMm is { } z12 && z1 >= z12)
            {
                Error(path, $"{Number(z1, 4)} mm puts the sample at or behind the detector ({Number(z12, 4)} mm from the focus)");
            }
        }
    }

    private void CheckTiles()
    {
        if (Plan.Tiles is not { } tiles || RequireAxis("tiles", InstrumentProfile.SampleZ) is null)
        {
            return;
        }

        double fieldOfViewMm = ProfileGeometry.FieldOfViewHeightMm(Profile);
        if (tiles.ExplicitPositionsMm is null && tiles.OverlapMm >= fieldOfViewMm)
        {
            Error("tiles.overlap_mm", $"{Number(tiles.OverlapMm, 4)} mm is not less than the {Number(fieldOfViewMm, 4)} mm vertical field of view: the tiles would not advance");
            return;
        }

        IReadOnlyList<double> positions = ProfileGeometry.TilePositionsMm(Profile, tiles);
        string positionPath = tiles.ExplicitPositionsMm is null ? "tiles.start_mm" : "tiles.positions_mm";
        for (int i = 0; i < positions.Count; i++)
        {
            string path = tiles.ExplicitPositionsMm is null ? (i == 0 ? "tiles.start_mm" : "tiles.count") : $"tiles.positions_mm[{i}]";
            CheckLinear(path, InstrumentProfile.SampleZ, positions[i], $" (tile {i})");
        }

        double[] sorted = [.. positions.Order()];
        for (int i = 1; i < sorted.Length; i++)
        {
            double gap = sorted[i] - sorted[i - 1];
            if (gap == 0)
            {
                Error(positionPath, $"two tiles sit at {Number(sorted[i], 4)} mm");
            }
            else if (gap >= fieldOfViewMm)
            {
                Error(positionPath, $"tiles at {Number(sorted[i - 1], 4)} and {Number(sorted[i], 4)} mm are {Number(gap, 4)} mm apart, at least the {Number(fieldOfViewMm, 4)} mm field of view: no overlap to stitch");
            }
        }
    }

    private void CheckRoi()
    {
        if (Plan.Roi is not { } roi)
        {
            if (Plan.Reconstruction.Inspection == Inspection.Zoom)
            {
                Error("reconstruction.inspection", "the zoom inspection measures a region of the cell (a roi scan): give roi, or use inspection: cell for the whole cell");
            }

            return;
        }

        if (Plan.Reconstruction.Inspection == Inspection.Cell)
        {
            Error("reconstruction.inspection", "the cell inspection needs the whole cell (its can); a roi scan sees part of it: use inspection: zoom");
        }

        double fromAxis = Math.Sqrt((roi.XMm * roi.XMm) + (roi.YMm * roi.YMm));
        if (Plan.Reconstruction.Inspection == Inspection.Zoom && fromAxis <= roi.DiameterMm / 2)
        {
            Error("reconstruction.inspection", $"the zoom inspection measures along lines from the cell's axis, which must lie outside the region: its centre is {Number(fromAxis, 4)} mm from the axis, within its {Number(roi.DiameterMm / 2, 4)} mm radius");
        }

        if (Profile.Main is { } main)
        {
            double seen = FieldOfView.Of(Plan with { Detector = Plan.Detector with { OffsetMm = null } }, main).CentredWidthMm / 2;
            double reach = Math.Sqrt((roi.XMm * roi.XMm) + (roi.YMm * roi.YMm)) + (roi.DiameterMm / 2);
            if (reach > seen)
            {
                Error("roi", $"the region reaches {Number(reach, 4)} mm from the rotation axis, outside the {Number(seen, 4)} mm the main detector's overview sees there");
            }
        }

        CheckLinear("roi.x_mm", InstrumentProfile.CentringX, roi.XMm);
        CheckLinear("roi.y_mm", InstrumentProfile.CentringY, roi.YMm);
        CheckLinear("roi.z_mm", InstrumentProfile.SampleZ, -roi.ZMm, " (sample_z goes to minus the region's height)");
        int columns = ProfileGeometry.FrameColumns(Profile, Math.Max(1, Plan.Detector.Binning));
        double fieldOfViewMm = columns * roi.VoxelUm / 1000.0;
        if (roi.DiameterMm > fieldOfViewMm)
        {
            Error("roi.diameter_mm", $"{Number(roi.DiameterMm, 4)} mm does not fit the {Number(fieldOfViewMm, 4)} mm field of view at {Number(roi.VoxelUm, 4)} µm voxels ({columns} columns)");
        }
    }

    /// <summary>
    /// A detector offset asks for a half-acquisition: a full turn, and the axis's image between the least offset that
    /// makes one (<see cref="HalfAcquisition.Applies"/>) and the most that keeps the overlap the two half-turns are
    /// blended over.
    /// </summary>
    private void CheckDetectorOffset()
    {
        const string path = "detector.offset_mm";
        if (Plan.Detector.OffsetMm is not { } offset || RequireAxis(path, InstrumentProfile.DetectorX) is not { } axis)
        {
            return;
        }

        if (offset < axis.MinMm || offset > axis.MaxMm)
        {
            CheckLinear(path, InstrumentProfile.DetectorX, offset);
            return;
        }

        if (!FieldOfView.IsFullTurn(Plan.Rotation))
        {
            Error(path, $"asks for a half-acquisition, which needs a full turn of the sample; the rotation covers {Number(Math.Abs(Plan.Rotation.StepDeg * Plan.Rotation.Count), 4)} deg");
            return;
        }

        FieldOfView field = FieldOfView.Of(Plan, Profile);
        double pixelMm = Profile.Detector.PixelSizeUm * Math.Max(1, Plan.Detector.Binning) / 1000;
        double least = HalfAcquisition.LeastOffsetColumns(field.Columns) * pixelMm;
        double most = HalfAcquisition.MostOffsetColumns(field.Columns) * pixelMm;
        double size = Math.Abs(offset);
        if (size < least || size > most)
        {
            string side = size < least ? "too small for a half-acquisition (leave it out for a centred scan)" : $"too large: the two half-turns need at least {HalfAcquisition.MinimumOverlapColumns} columns of overlap beyond the axis";
            Error(path, $"{Number(offset, 4)} mm puts the rotation axis's image {Number(HalfAcquisition.NearSideColumns(field.AxisColumn, field.Columns), 1)} columns from the panel's nearer edge, {side}; give {Number(least, 3)} to {Number(most, 3)} mm either way");
        }
    }

    private void CheckLinear(string path, string axis, double positionMm, string note = "")
    {
        if (RequireAxis(path, axis) is { } profile && (positionMm < profile.MinMm || positionMm > profile.MaxMm))
        {
            Error(path, $"{Number(positionMm, 4)} mm{note} is outside {axis}'s limits {Number(profile.MinMm, 4)} to {Number(profile.MaxMm, 4)} mm");
        }
    }

    private void Error(string path, string message) => report.Error(path, message);

    private static string Number(double value, int decimals) => PlanDiagnostics.Number(value, decimals);

    private LinearAxisProfile? RequireAxis(string path, string axis)
    {
        if (Profile.Axes.TryGetValue(axis, out LinearAxisProfile? profile))
        {
            return profile;
        }

        Error(path, $"instrument '{Profile.Name}' has no axis '{axis}'");
        return null;
    }
}
