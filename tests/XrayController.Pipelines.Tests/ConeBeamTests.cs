using PureHDF;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Pipelines.Techniques;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Pipelines.Techniques.ParallelBeam;
using XrayController.Simulators.Truth;
using XrayController.Storage.Reading;
using XrayController.Tests.Shared;

namespace XrayController.Pipelines.Tests;

/// <summary>A cone-beam scan of the 3-D Shepp–Logan phantom on the shrunken lab microscope: 120 projections over 360° of a 128 × 64 panel, magnification 4.9.</summary>
public sealed class ConeBeamScan : PublishedScan
{
    public const double TrueAxisPx = 64.3;

    protected override Task<SimulatedScan> RunAsync(string directory, IScanSink publisher) => SimulatedScans.RunAsync(directory, """
        name: cone
        technique: cone-ct
        instrument: lab-xrm
        sample: { name: phantom, out_of_beam: { x_mm: 30 } }
        detector: { exposure_s: 0.01, binning: 1 }
        rotation: { start_deg: 0, range_deg: 360, count: 120, mode: step }
        flats: { count: 5, at: [start] }
        darks: { count: 5, at: [start] }
        reconstruction: { algorithm: fdk, filter: shepp-logan, center: auto }
        """, SmallProfiles.LabXrm(), publisher);
}

/// <summary>The cone-beam technique: FDK of the file, the live FDK previews, and the reconstruction after the scan.</summary>
public sealed class ConeBeamTests(ConeBeamScan fixture) : IClassFixture<ConeBeamScan>
{
    [Fact]
    public void The_file_goes_to_the_cone_beam_technique_whose_fdk_matches_the_phantom()
    {
        SimulatedScan scan = fixture.Scan;
        ReconstructionRequest request = Requests.Offline(scan.RawFile, Path.Combine(fixture.Directory, "recon.h5"));
        using (TomographyFile file = OfflineReconstruction.Open(scan.RawFile))
        {
            Assert.IsType<ConeBeamTechnique>(fixture.Techniques.ForFile(file, request));
        }

        ReconstructionResult result = fixture.Offline.Run(request, CancellationToken.None);

        Assert.InRange(result.CenterPx, ConeBeamScan.TrueAxisPx - 0.25, ConeBeamScan.TrueAxisPx + 0.25);
        using (var recon = H5File.OpenRead(result.OutputPath))
        {
            Assert.Equal([64UL, 128, 128], recon.Dataset("/exchange/recon").Space.Dimensions);
            Assert.Equal("fdk", recon.Dataset("/exchange/recon").Attribute("algorithm").Read<string>());
        }

        SliceQuality quality = new PhantomComparison(scan.Scene.Phantom!).CentralSlice(result.OutputPath, scan.Scan.FrameRows);
        Assert.True(quality.RelativeRmse < 0.12, $"central slice RMSE {quality.RelativeRmse:P1} of the phantom's largest attenuation");
        var fbp = Assert.Throws<InputException>(() => fixture.Offline.Run(request with { Algorithm = ReconstructionAlgorithm.Fbp }, CancellationToken.None));
        Assert.Contains("is a cone-beam scan (source-to-object and source-to-detector distances): reconstruct it with fdk", fbp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_each_projection_is_back_projected_into_the_tile_by_fdk()
    {
        LiveResult live = fixture.Live;

        Assert.Equal(("cone-beam previews", null), (live.Outcome, live.OutputPath));
        Assert.Equal(120, live.ProjectionsReconstructed);
        Assert.False(fixture.LiveCouldMove);
        Assert.Contains(live.Notes, n => n.StartsWith("cone beam: live FDK of each tile (120 projections a tile)", StringComparison.Ordinal));
        Assert.All(live.Sections, s => Assert.Null(s.Details));
    }

    [Fact]
    public void After_the_scan_the_job_reconstructs_the_volume_the_monitor_then_shows()
    {
        SimulatedScan scan = fixture.Scan;
        ITechnique technique = fixture.Techniques.ForPlan(Technique.ConeCt)!;

        var outcome = Assert.IsType<LabCtOutcome>(technique.AfterScan(new PostScanContext(scan.RawFile, scan.Scan, fixture.Completed, fixture.Live, SimulationTruth.Of(scan.Scene)), CancellationToken.None));

        Assert.Equal((1, 0), (outcome.Tiles, outcome.Seams.Count));
        Assert.Equal(outcome.ReconFile, outcome.VolumeFile);
        Assert.Null(outcome.Inspection);
        Assert.True(File.Exists(outcome.ReconFile));
        Assert.StartsWith("FDK of 1 tile in ", outcome.Describe(), StringComparison.Ordinal);
    }
}
