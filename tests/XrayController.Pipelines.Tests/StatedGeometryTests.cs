using System.Globalization;
using System.Text;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Reconstruction.Cone;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// Every way of stating a cone-beam geometry for another program's file — JSON parameters in this program's or another
/// program's conventions, a tilted detector, an RTK geometry XML file — puts a known point on the pixel worked out by
/// hand from the stated geometry: SOD 100 mm, SDD 300 mm, 0.4 mm pixels, the central ray's foot 1.5 columns right of
/// and 2 rows above the centre of a 64 × 48 panel, 36 angles.
/// </summary>
public sealed class StatedGeometryTests : IDisposable
{
    private const int Rows = 48;
    private const int Columns = 64;
    private static readonly double[] Angles = [.. Enumerable.Range(0, 36).Select(k => 10.0 * k)];
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-geometry-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The pixel (in this program's layout) of point (x, y, z) at <paramref name="angleDeg"/>, the panel turned <paramref name="tiltDeg"/> in its plane.</summary>
    private static (double Column, double Row) ByHand(double angleDeg, double tiltDeg, double x, double y, double z)
    {
        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        double depth = 100 + (-x * sin) + (y * cos);
        double u = ((x * cos) + (y * sin)) * 300 / depth;
        double v = z * 300 / depth;
        (double tiltSin, double tiltCos) = Math.SinCos(tiltDeg * Math.PI / 180);
        return ((Columns - 1) / 2.0 + 1.5 + (((u * tiltCos) + (v * tiltSin)) / 0.4), ((Rows - 1) / 2.0) - 2 - (((-u * tiltSin) + (v * tiltCos)) / 0.4));
    }

    private static TomographyScan File(double? pixelAtSampleMm = null) =>
        new("foreign.h5", Rows, Columns, [.. Angles.Select((a, i) => new FrameRecord(i, i, a, 0, 0, 0))], [], [], pixelAtSampleMm, null);

    private static ReconstructionRequest Request(string path) =>
        Requests.Offline("foreign.h5", "out.h5").WithConeGeometry(path);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>An RTK geometry of this scan: RTK's projection offset is where the central ray's foot lies on its detector, negated, with v upwards.</summary>
    private string Rtk(string name, double inPlaneDeg = 0, string extra = "", Func<int, string>? projectionExtra = null)
    {
        var text = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE RTKGEOMETRY>\n<RTKThreeDCircularGeometry version=\"3\">\n");
        text.Append(CultureInfo.InvariantCulture, $"  <SourceToIsocenterDistance>100</SourceToIsocenterDistance>\n  <SourceToDetectorDistance>300</SourceToDetectorDistance>\n  <ProjectionOffsetX>{-1.5 * 0.4}</ProjectionOffsetX>\n  <ProjectionOffsetY>{-2 * 0.4}</ProjectionOffsetY>\n  <InPlaneAngle>{inPlaneDeg}</InPlaneAngle>\n{extra}");
        for (int p = 0; p < Angles.Length; p++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  <Projection>\n    <GantryAngle>{Angles[p]}</GantryAngle>\n{projectionExtra?.Invoke(p)}  </Projection>\n");
        }

        return Write(name, text.Append("</RTKThreeDCircularGeometry>\n").ToString());
    }

    private static void AssertKnownPoints(ConeScanInputs scan, double tiltDeg)
    {
        Assert.Equal(Angles.Length, scan.AnglesDeg.Count);
        ConeGeometry geometry = scan.Geometry(0, scan.GivenCenterPx!.Value);
        foreach ((double x, double y, double z) in new[] { (0.0, 0.0, 0.0), (3.0, -2.0, 5.0), (-4.0, 6.0, -3.5) })
        {
            for (int p = 0; p < Angles.Length; p++)
            {
                (double column, double row) = ByHand(Angles[p], tiltDeg, x, y, z);
                (double c, double r, _) = geometry.MatrixAt(p).Project(x, y, z);
                Assert.True(Math.Abs(c - column) < 1e-6 && Math.Abs(r - row) < 1e-6, $"angle {Angles[p]}°, point ({x}, {y}, {z}): column {c}, row {r}; by hand {column}, {row}");
            }
        }
    }

    [Fact]
    public void Json_parameters_in_this_programs_conventions_and_in_another_programs_place_the_point_alike()
    {
        const string Common = "\"sod_mm\": 100, \"sdd_mm\": 300, \"pixel_size_mm\": [0.4, 0.4]";
        AssertKnownPoints(ConeScanInputs.Of(File(), Request(Write("ours.json", $"{{ {Common}, \"detector_offset_px\": [1.5, -2] }}"))), 0);
        string mirrored = string.Join(", ", Angles.Select(a => (-a).ToString(CultureInfo.InvariantCulture)));
        AssertKnownPoints(ConeScanInputs.Of(File(), Request(Write("theirs.json", $"{{ {Common}, \"principal_point_px\": [{Columns - 1 - 33}, {Rows - 1 - 21.5}], \"source_rotation\": \"clockwise\", \"columns\": \"left\", \"rows\": \"up\", \"angles_deg\": [{mirrored}] }}"))), 0);
        AssertKnownPoints(ConeScanInputs.Of(File(), Request(Write("tilted.json", $"{{ {Common}, \"detector_offset_px\": [1.5, -2], \"detector_tilt_deg\": 4 }}"))), 4);
        Assert.Contains("within ±45°", Assert.Throws<InputException>(() => Request(Write("sideways.json", $"{{ {Common}, \"detector_tilt_deg\": 90 }}"))).Message, StringComparison.Ordinal);
    }

    /// <summary>A full turn with the central ray 9.5 columns from the panel's edge is a half-acquisition; 1.5 columns off the centre is not; --half-acquisition on or off overrides the rule; 1.5 columns from the edge is too narrow an overlap and refused.</summary>
    [Fact]
    public void A_central_ray_far_off_the_panels_centre_over_a_full_turn_makes_a_half_acquisition()
    {
        const string Common = "\"sod_mm\": 100, \"sdd_mm\": 300, \"pixel_size_mm\": [0.4, 0.4]";
        ConeScanInputs offset = ConeScanInputs.Of(File(), Request(Write("offset.json", $"{{ {Common}, \"principal_point_px\": [9.5, 23.5] }}")));
        ConeScanInputs centred = ConeScanInputs.Of(File(), Request(Write("centred.json", $"{{ {Common}, \"detector_offset_px\": [1.5, 0] }}")));

        Assert.True(offset.Geometry(0, offset.GivenCenterPx!.Value).HalfAcquisition);
        Assert.False(centred.Geometry(0, centred.GivenCenterPx!.Value).HalfAcquisition);

        ConeScanInputs forcedOff = ConeScanInputs.Of(File(), Request(Write("off.json", $"{{ {Common}, \"principal_point_px\": [9.5, 23.5] }}")) with { HalfAcquisition = false });
        ConeScanInputs forcedOn = ConeScanInputs.Of(File(), Request(Write("on.json", $"{{ {Common}, \"detector_offset_px\": [1.5, 0] }}")) with { HalfAcquisition = true });
        Assert.False(forcedOff.Geometry(0, forcedOff.GivenCenterPx!.Value).HalfAcquisition);
        Assert.True(forcedOn.Geometry(0, forcedOn.GivenCenterPx!.Value).HalfAcquisition);

        ConeScanInputs edge = ConeScanInputs.Of(File(), Request(Write("edge.json", $"{{ {Common}, \"principal_point_px\": [1, 23.5] }}")));
        Assert.Contains("the rotation axis lies 1.5 columns from the panel's edge; a half-acquisition needs at least 4 columns", Assert.Throws<InputException>(() => edge.Geometry(0, edge.GivenCenterPx!.Value)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rtk_geometry_places_the_point_as_rtk_states_it()
    {
        AssertKnownPoints(ConeScanInputs.Of(File(), Request(Write("named.json", $"{{ \"rtk_geometry\": \"{Path.GetFileName(Rtk("upright.xml"))}\", \"pixel_size_mm\": [0.4, 0.4] }}"))), 0);
        AssertKnownPoints(ConeScanInputs.Of(File(pixelAtSampleMm: 0.4 / 3), Request(Rtk("by-scan-pixel.xml"))), 0);
        AssertKnownPoints(ConeScanInputs.Of(File(pixelAtSampleMm: 0.4 / 3), Request(Rtk("in-plane.xml", inPlaneDeg: 4))), 4);
    }

    [Fact]
    public void An_rtk_matrix_that_agrees_with_its_parameters_is_read_and_one_that_does_not_is_refused()
    {
        StatedMatrices upright = RtkGeometry.Read(Rtk("plain.xml"));
        string Matrix(int p) => $"    <Matrix>\n{string.Join(' ', RtkValues(p).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}\n    </Matrix>\n";
        double[] RtkValues(int p)
        {
            // Back to RTK's frame (its y this program's z, its z this program's −y).
            double[] ours = upright.Values[p];
            return [.. Enumerable.Range(0, 3).SelectMany(r => new[] { ours[r * 4], ours[(r * 4) + 2], -ours[(r * 4) + 1], ours[(r * 4) + 3] })];
        }

        Assert.Equal(upright.Values, RtkGeometry.Read(Rtk("agreeing.xml", projectionExtra: Matrix)).Values);
        string wrong = Rtk("disagreeing.xml", projectionExtra: p => p == 7 ? Matrix(8) : Matrix(p));
        Assert.Contains("projection 7's Matrix does not agree with its parameters", Assert.Throws<InputException>(() => RtkGeometry.Read(wrong)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  <RadiusCylindricalDetector>500</RadiusCylindricalDetector>\n", "line 9: <RadiusCylindricalDetector> is not supported")]
    [InlineData("  <CollimationUInf>10</CollimationUInf>\n", "<CollimationUInf> is not supported")]
    [InlineData("  <Wobble>1</Wobble>\n", "line 9: unknown element <Wobble>")]
    [InlineData("  <SourceToDetectorDistance>0</SourceToDetectorDistance>\n", "RTK's parallel geometry")]
    [InlineData("  <SourceOffsetX>one</SourceOffsetX>\n", "<SourceOffsetX> must hold 1 number")]
    public void An_rtk_geometry_with_what_this_program_does_not_reconstruct_is_refused_by_name(string extra, string message)
    {
        string path = Rtk("bad.xml", extra: extra);
        Assert.Contains(message, Assert.Throws<InputException>(() => RtkGeometry.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matrices_that_do_not_fit_the_file_are_refused_naming_what()
    {
        string path = Rtk("plain.xml");
        StatedMatrices stated = RtkGeometry.Read(path);
        ReconstructionRequest request = Request(path) with { ConeMatrices = stated with { Values = [.. stated.Values.Take(34)] } };
        Assert.Contains("the geometry states 34 projection matrices for the file's 36 projections", Assert.Throws<InputException>(() => ConeScanInputs.Of(File(0.1), request)).Message, StringComparison.Ordinal);

        double[] flat = [1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 100];
        ReconstructionRequest singular = request with { ConeMatrices = new StatedMatrices([.. Enumerable.Repeat(flat, 36)], 300) };
        Assert.Contains("projection 0: the matrix is not invertible", Assert.Throws<InputException>(() => ConeScanInputs.Of(File(), singular)).Message, StringComparison.Ordinal);
        Assert.Contains("the scan records no pixel size", Assert.Throws<InputException>(() => ConeScanInputs.Of(File(), Request(path))).Message, StringComparison.Ordinal);
    }
}
