using System.Text.RegularExpressions;
using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Storage.Reading;
using XrayController.Tests.Shared;

namespace XrayController.Storage.Tests;

/// <summary>A plan's file described before the scan equals what reading back the file its scan writes gives.</summary>
public sealed partial class PlannedScanFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-planned-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Each demo plan (one a technique) with its rotation cut to a few angles, on its own instrument.</summary>
    [Theory]
    [InlineData("demo-parallel.yaml", "demo")]
    [InlineData("xanes-demo.yaml", "txm-xanes-demo")]
    [InlineData("holotomo-demo.yaml", "holotomo-demo")]
    [InlineData("lab-demo.yaml", "lab-demo")]
    public async Task The_description_of_a_planned_scan_is_what_its_file_reads_back_as(string plan, string instrument)
    {
        string yaml = RotationCount().Replace(File.ReadAllText(RepositoryPaths.Plan(plan)), "count: 6");
        CompiledScan scan = ScanFixtures.Compile(yaml, instrument);
        string path = Path.Combine(_directory, "planned.h5");
        await ScanFixtures.WriteAsync(scan, path, scan.PlannedFrames(), ScanStatus.Completed, FrameCompression.None);

        TomographyScan planned = PlannedScanFile.Describe(scan, path);
        using TomographyFile written = TomographyFileReader.Open(path);

        Assert.Equal(written.Path, planned.Path);
        Assert.Equal((written.Rows, written.Columns), (planned.Rows, planned.Columns));
        Assert.Equal(6 * Math.Max(1, scan.EnergiesEv.Count) * Math.Max(1, scan.DistancesMm.Count) * Math.Max(1, scan.TilePositionsMm.Count), planned.Projections.Count);
        Assert.Equal(written.Projections, planned.Projections);
        Assert.Equal(written.Flats, planned.Flats);
        Assert.Equal(written.Darks, planned.Darks);
        Assert.Equal(written.PixelSizeMm, planned.PixelSizeMm);
        Assert.Equal(written.OpticalMagnification, planned.OpticalMagnification);
        Assert.Equal(written.ConeBeam, planned.ConeBeam);
        Assert.Equal(written.TilePositionsMm, planned.TilePositionsMm);
        Assert.Equal(written.Holography?.DistancesMm, planned.Holography?.DistancesMm);
        Assert.Equal(written.Holography?.FocusToDetectorMm, planned.Holography?.FocusToDetectorMm);
        Assert.Equal(written.Holography?.DetectorPixelMm, planned.Holography?.DetectorPixelMm);
    }

    [GeneratedRegex(@"(?<=rotation: \{[^}]*)count: \d+")]
    private static partial Regex RotationCount();
}
