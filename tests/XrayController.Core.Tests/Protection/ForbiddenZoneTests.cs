using XrayController.Core.Instruments;
using XrayController.Core.Protection;
using XrayController.Tests.Shared;

namespace XrayController.Core.Tests.Protection;

public class ForbiddenZoneTests
{
    /// <summary>The sample stage raised above 3 mm collides with the detector when it is closer than 15 mm.</summary>
    private static readonly ForbiddenZone Collision = new("stage hits detector", new Dictionary<string, AxisBounds>
    {
        ["sample_z"] = new(3, null),
        ["sample_x"] = new(null, 15),
    });

    [Theory]
    [InlineData(0, 2, 10, false)]
    [InlineData(0, 3, 10, true)]
    [InlineData(0, 8, 20, false)]
    [InlineData(8, 0, 10, true)]
    [InlineData(-5, -1, 10, false)]
    public void A_move_enters_the_zone_when_its_path_crosses_it_while_the_other_axes_are_inside(double from, double to, double x, bool enters)
    {
        Assert.Equal(enters, Collision.IsEnteredBy("sample_z", from, to, new Dictionary<string, double> { ["sample_x"] = x }));
    }

    [Fact]
    public void Protection_refuses_the_move_naming_zone_axis_and_positions_and_keeps_the_axis_where_it_was()
    {
        var protection = new MachineProtection([Collision], new Dictionary<string, double> { ["sample_z"] = 0, ["sample_x"] = 20 });
        protection.Approve("sample_z", 5);

        ForbiddenMoveException refused = Assert.Throws<ForbiddenMoveException>(() => protection.Approve("sample_x", 10));

        Assert.Equal("moving sample_x from 20 to 10 would enter forbidden zone 'stage hits detector' (sample_z ≥ 3, sample_x ≤ 15) with sample_z at 5", refused.Message);
        Assert.Null(protection.Check("sample_x", 16));
    }

    [Fact]
    public void Profiles_read_zones_and_name_bad_ones()
    {
        string zones = """
            "forbidden_zones": [
              { "name": "arm", "axes": { "rotation": { "min_deg": 100, "max_deg": 120 }, "sample_x": { "max_mm": -3 } } },
              { "name": "bad", "axes": { "detector_z": { "min_mm": 1 }, "sample_y": { } } }
            ],
            """;
        string text = File.ReadAllText(RepositoryPaths.Instrument("demo")).Replace("\"storage\":", zones + "\n  \"storage\":", StringComparison.Ordinal);

        InstrumentProfileReadResult read = InstrumentProfileReader.Read(text, "zones.json");

        ForbiddenZone arm = read.Profile!.ForbiddenZones[0];
        Assert.Equal(new AxisBounds(100, 120), arm.Axes["rotation"]);
        Assert.Equal(new AxisBounds(null, -3), arm.Axes["sample_x"]);
        string[] errors = [.. read.Diagnostics.Where(d => d.IsError).Select(d => d.Path)];
        Assert.Equal(["forbidden_zones[1].axes.detector_z", "forbidden_zones[1].axes.sample_y.min_mm"], errors);
    }
}
