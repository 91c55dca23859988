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
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators.Truth;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// The demo's Shepp–Logan phantom in 90 projections (flats before only), reconstructed live with the true axis given
/// and the whole volume kept.
/// </summary>
public sealed class ParallelScan : PublishedScan
{
    public const double TrueAxisPx = 63.75;

    public string LiveFile => Path.Combine(Directory, "live.h5");

    protected override Task<SimulatedScan> RunAsync(string directory, IScanSink publisher) =>
        SimulatedScans.RunAsync(directory, "demo-parallel.yaml", "demo", plan => SimulatedScans.Line(plan, "rotation:", "rotation: { start_deg: 0, range_deg: 180, count: 90, mode: step }")
            .Replace("at: [start, end]", "at: [start]", StringComparison.Ordinal), publisher);

    protected override LiveRequest LiveRequest(int ringCapacity) => base.LiveRequest(ringCapacity) with { OutputPath = LiveFile, CenterPx = TrueAxisPx, FullVolume = true };
}

/// <summary>The parallel-beam technique: offline, live from a ring buffer, and after the scan.</summary>
public sealed class ParallelBeamTests(ParallelScan fixture) : IClassFixture<ParallelScan>
{
    private static float[] Volume(string path)
    {
        using var file = H5File.OpenRead(path);
        return file.Dataset("/exchange/recon").Read<float[]>();
    }

    private string Output(string name) => Path.Combine(fixture.Directory, name);

    [Fact]
    public void The_file_goes_to_the_parallel_technique_and_its_slice_matches_the_phantom()
    {
        ReconstructionRequest request = Requests.Offline(fixture.Scan.RawFile, Output("recon.h5"));
        using (TomographyFile file = OfflineReconstruction.Open(fixture.Scan.RawFile))
        {
            Assert.IsType<ParallelBeamTechnique>(fixture.Techniques.ForFile(file, request));
        }

        ReconstructionResult result = fixture.Offline.Run(request, CancellationToken.None);

        Assert.InRange(result.CenterPx, ParallelScan.TrueAxisPx - 0.25, ParallelScan.TrueAxisPx + 0.25);
        Assert.Equal((0, 128, 128), (result.FirstSlice, result.Slices, result.Size));
        SliceQuality quality = new PhantomComparison(fixture.Scan.Scene.Phantom!).CentralSlice(result.OutputPath, fixture.Scan.Scan.FrameRows);
        Assert.True(quality.RelativeRmse < 0.085, $"central slice RMSE {quality.RelativeRmse:P1} of the phantom's largest attenuation");
    }

    [Fact]
    public void A_geometry_given_with_the_request_hands_the_file_to_the_cone_beam_technique()
    {
        using TomographyFile file = OfflineReconstruction.Open(fixture.Scan.RawFile);
        ReconstructionRequest request = Requests.Offline(fixture.Scan.RawFile, Output("cone.h5")) with { ConeGeometry = new ConeGeometryFile(100, 400, 0.0065, 0.0065, 0, 0, null) };

        Assert.IsType<ConeBeamTechnique>(fixture.Techniques.ForFile(file, request));
    }

    [Theory]
    [InlineData("roi", "is not a lab cone-beam scan: --roi, --voxel-um and --grid apply to FDK reconstructions")]
    [InlineData("fdk", "is not a cone-beam scan (no source-to-object distance): fdk needs one; use fbp")]
    [InlineData("phase", "is not a holotomography scan")]
    public void Options_for_other_techniques_are_refused_naming_the_file(string option, string message)
    {
        ReconstructionRequest request = Requests.Offline(fixture.Scan.RawFile, Output($"{option}.h5")) with
        {
            Region = option == "roi" ? new ConeRegion(0, 0, 1) : null,
            Algorithm = option == "fdk" ? ReconstructionAlgorithm.Fdk : null,
            Phase = option == "phase" ? PhaseRetrieval.Ctf : PhaseRetrieval.None,
        };

        var refused = Assert.Throws<InputException>(() => fixture.Offline.Run(request, CancellationToken.None));

        Assert.StartsWith(Path.GetFileName(fixture.Scan.RawFile), refused.Message, StringComparison.Ordinal);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(request.OutputPath));
    }

    /// <summary>
    /// Under a budget of 10 MB the rows are reconstructed in many slabs (zingers and stripes removed, the centre given):
    /// the same volume, bit for bit, as under a budget that holds them all; a budget below two rows is refused with what
    /// two rows need, before any output is made.
    /// </summary>
    [Fact]
    public void Any_budget_that_holds_two_rows_gives_the_same_volume_bit_for_bit()
    {
        ReconstructionRequest whole = Requests.Offline(fixture.Scan.RawFile, Output("whole.h5"), ParallelScan.TrueAxisPx) with { RingRemoval = RingRemoval.Sort };
        ReconstructionRequest slabbed = whole with { OutputPath = Output("slabbed.h5"), MemoryBudgetBytes = 10_000_000 };
        SlabPlan plan = SlabPlan.Make(0, 128, 128, 90, 20, 128, 128, slabbed.MemoryBudgetBytes, out _)!;
        Assert.InRange(plan.Slabs.Count, 4, 64);
        Assert.True(plan.PeakBytes <= slabbed.MemoryBudgetBytes);

        ReconstructionResult a = fixture.Offline.Run(whole, CancellationToken.None);
        ReconstructionResult b = fixture.Offline.Run(slabbed, CancellationToken.None);

        Assert.Equal(Volume(a.OutputPath), Volume(b.OutputPath));
        Assert.Equal((a.FlooredPixels, a.Zingers), (b.FlooredPixels, b.Zingers));
        var refused = Assert.Throws<InputException>(() => fixture.Offline.Run(whole with { OutputPath = Output("tiny.h5"), MemoryBudgetBytes = 100_000 }, CancellationToken.None));
        Assert.Matches(@"^[^ ]+\.h5: a slab of two detector rows needs about [0-9.]+ GB \(90 projections of 128 columns, two 128² slices\); the budget is 0 GB: give --memory-gb [0-9.]+ or more$", refused.Message);
        Assert.False(File.Exists(Output("tiny.h5")));
    }

    /// <summary>With projection-local settings (the axis given, the flats before each projection) the live volume is the offline one of the same file, bit for bit.</summary>
    [Fact]
    public void The_live_loop_fed_from_a_ring_buffer_ends_with_the_offline_volume()
    {
        LiveResult live = fixture.Live;
        Assert.Equal(("live volume", fixture.LiveFile), (live.Outcome, live.OutputPath));
        Assert.Equal(90, live.ProjectionsReconstructed);
        Assert.Equal((0L, 0L), (live.Counters.TransportGaps, live.Counters.PreviewDrops));
        Assert.True(fixture.LiveCouldMove);
        Assert.Equal(["paganin_projections", "spectral"], live.Sections.Select(s => s.Key).Order());
        Assert.All(live.Sections, s => Assert.Null(s.Details));

        string offline = fixture.Offline.Run(Requests.Offline(fixture.Scan.RawFile, Output("offline.h5"), ParallelScan.TrueAxisPx, FlatMode.Preceding), CancellationToken.None).OutputPath;

        Assert.Equal(Volume(offline), Volume(fixture.LiveFile));
    }

    [Fact]
    public void After_a_scan_the_job_draws_the_final_volume_made_live_or_from_the_file_and_compares_a_simulated_one_with_the_phantom()
    {
        ITechnique technique = fixture.Techniques.ForPlan(Technique.ParallelCt)!;
        SimulatedScan scan = fixture.Scan;

        var outcome = Assert.IsType<ParallelOutcome>(technique.AfterScan(new PostScanContext(scan.RawFile, scan.Scan, fixture.Completed, fixture.Live, SimulationTruth.Of(scan.Scene)), CancellationToken.None));

        SliceQuality quality = Assert.IsType<SliceQuality>(outcome.Quality);
        Assert.Equal(64, quality.Slice);
        Assert.True(quality.RelativeRmse < 0.085, $"{quality.RelativeRmse:P1}");
        Assert.Equal(fixture.LiveFile, outcome.VolumeFile);
        Assert.Contains($"of {fixture.LiveFile}: RMSE against the phantom", outcome.Describe(), StringComparison.Ordinal);
        Assert.Equal(["slice_xy.png", "slice_xy.svg", "slice_xz.png", "slice_xz.svg", "slice_yz.png", "slice_yz.svg"], outcome.Figures.Select(Path.GetFileName));
        Assert.All(outcome.Figures, f => Assert.True(new FileInfo(f).Length > 0, f));
        var real = Assert.IsType<ParallelOutcome>(technique.AfterScan(new PostScanContext(scan.RawFile, scan.Scan, fixture.Completed, fixture.Live, ScanTruth.None), CancellationToken.None));
        Assert.Null(real.Quality);
        Assert.DoesNotContain("RMSE", real.Describe(), StringComparison.Ordinal);
        var offline = Assert.IsType<ParallelOutcome>(technique.AfterScan(new PostScanContext(scan.RawFile, scan.Scan, fixture.Completed, null, SimulationTruth.Of(scan.Scene)), CancellationToken.None));
        Assert.Equal(OfflineReconstruction.DefaultOutput(scan.RawFile), offline.ReconFile);
        Assert.True(Assert.IsType<SliceQuality>(offline.Quality).RelativeRmse < 0.085);
    }
}
