using PureHDF;
using XrayController.Analysis.Fragments;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Pipelines.Techniques;
using XrayController.Pipelines.Techniques.Holotomography;
using XrayController.Simulators.Truth;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// A small holotomogram of the demo's cathode piece: four distances of 60 projections, 128 × 128 frames (2 × 2 binned),
/// 33.6 keV, the sample moving sideways as its misaligned travel along the beam brings it to each distance.
/// </summary>
public sealed class HolotomographyScan : PublishedScan
{
    protected override Task<SimulatedScan> RunAsync(string directory, IScanSink publisher) =>
        SimulatedScans.RunAsync(directory, "holotomo-demo.yaml", "holotomo-demo", plan => SimulatedScans.Line(plan, "rotation:", "rotation: { start_deg: 0, range_deg: 180, count: 60, mode: step }")
            .Replace("flats: { count: 5, at: [each_distance] }", "flats: { count: 3, at: [each_distance] }", StringComparison.Ordinal), publisher);
}

/// <summary>The holotomography technique: δ by CTF phase retrieval, the live phase previews, and the fragment analysis after the scan.</summary>
public sealed class HolotomographyTests(HolotomographyScan fixture) : IClassFixture<HolotomographyScan>
{
    private const double EnergyEv = 33600;

    [Fact]
    public void The_file_goes_to_holotomography_whose_ctf_retrieval_registers_the_distances_and_finds_delta()
    {
        SimulatedScan scan = fixture.Scan;
        ReconstructionRequest request = Requests.Offline(scan.RawFile, Path.Combine(fixture.Directory, "recon.h5")) with { Phase = PhaseRetrieval.Ctf, DeltaBeta = 150 };
        using (TomographyFile file = OfflineReconstruction.Open(scan.RawFile))
        {
            Assert.IsType<HolotomographyTechnique>(fixture.Techniques.ForFile(file, request));
        }

        ReconstructionEstimate estimate = fixture.Offline.Estimate(request);
        ReconstructionResult result = fixture.Offline.Run(request, CancellationToken.None);

        Assert.Equal("delta", result.Quantity);
        Assert.Equal(new PhaseWork(60, 256, 256, "ctf", 4, request.PhaseIterations), estimate.Work.Phase);
        Assert.Equal(128L * 128 * 128 * sizeof(float), estimate.BytesWritten);
        PhaseReport phase = result.Phase!;
        Assert.Equal(("ctf", 4), (phase.Method, phase.Distances.Count));
        using (var recon = H5File.OpenRead(result.OutputPath))
        {
            Assert.Equal([128UL, 128, 128], recon.Dataset("/exchange/recon").Space.Dimensions);
            Assert.Equal("delta", recon.Dataset("/exchange/recon").Attribute("quantity").Read<string>());
        }

        IPhaseTruth truth = SimulationTruth.Of(scan.Scene).Find<IPhaseTruth>()!;
        double r = truth.Correlation(PhaseVolume.Read(result.OutputPath), scan.Scan.FrameRows, EnergyEv);
        double registration = truth.RegistrationRmsPx(phase, EnergyEv, scan.Scan.DistancesMm);
        double unregistered = truth.RegistrationRmsPx(phase with { ShiftsPx = [.. phase.ShiftsPx.Select(_ => (0.0, 0.0))] }, EnergyEv, scan.Scan.DistancesMm);
        Assert.True(r > 0.9, $"δ correlates with the truth with Pearson r = {r:0.000}");
        var half = Assert.Throws<InputException>(() => fixture.Offline.Run(request with { OutputType = VolumeType.Float16, OutputPath = Path.Combine(fixture.Directory, "half.h5") }, CancellationToken.None));
        Assert.Contains("below what float16 holds", half.Message, StringComparison.Ordinal);
        Assert.True(registration < 0.25 && unregistered > 1, $"registration {registration:0.000} px RMS from the simulated sideways motion of {unregistered:0.00} px RMS");
    }

    /// <summary>
    /// The retrieved projections wait in a scratch file and δ is back-projected in slabs of rows: 10 MB (slabs of 38
    /// rows) and 4 GB (64) give the same volume bit for bit, the scratch file is gone, and a budget below one angle's
    /// retrieval is refused with what it needs.
    /// </summary>
    [Fact]
    public void Any_budget_that_holds_one_angles_retrieval_gives_the_same_delta_bit_for_bit()
    {
        ReconstructionRequest large = Requests.Offline(fixture.Scan.RawFile, Path.Combine(fixture.Directory, "large.h5"), 64) with { Phase = PhaseRetrieval.Paganin, DeltaBeta = 150 };
        ReconstructionRequest small = large with { OutputPath = Path.Combine(fixture.Directory, "small.h5"), MemoryBudgetBytes = 10_000_000 };

        ReconstructionEstimate estimate = fixture.Offline.Estimate(small);
        ReconstructionResult a = fixture.Offline.Run(large, CancellationToken.None);
        ReconstructionResult b = fixture.Offline.Run(small, CancellationToken.None);

        Assert.InRange(estimate.PeakMemoryBytes, 1_000_000, small.MemoryBudgetBytes);
        Assert.Equal(PhaseVolume.Read(a.OutputPath).Values, PhaseVolume.Read(b.OutputPath).Values);
        Assert.Equal(a.Phase!.FrcResolutionUm, b.Phase!.FrcResolutionUm);
        Assert.Empty(Directory.GetFiles(fixture.Directory, "*.projected"));
        var refused = Assert.Throws<InputException>(() => fixture.Offline.Run(large with { OutputPath = Path.Combine(fixture.Directory, "tiny.h5"), MemoryBudgetBytes = 100_000 }, CancellationToken.None));
        Assert.Matches(@"the retrieval of one angle, or a slab of two rows of δ, needs about [0-9.]+ GB .*give --memory-gb [0-9.]+ or more", refused.Message);
    }

    [Fact]
    public void Live_the_first_distance_is_previewed_by_paganin_then_every_angle_by_the_multi_distance_retrieval()
    {
        LiveResult live = fixture.Live;

        Assert.Equal(("phase previews", null), (live.Outcome, live.OutputPath));
        Assert.Equal(60, live.ProjectionsReconstructed);
        Assert.False(fixture.LiveCouldMove);
        Assert.Equal(60, Assert.Single(live.Sections, s => s.Key == "paganin_projections").Details!.Json);
        Assert.Contains("60 projections reconstructed live from every distance (and 60 of the first distance by Paganin)", LiveResultWriter.Line(live), StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_scan_the_job_reconstructs_delta_finds_the_fragments_and_compares_with_paganin_and_the_truth()
    {
        SimulatedScan scan = fixture.Scan;
        ITechnique technique = fixture.Techniques.ForPlan(Technique.Holotomography)!;

        var outcome = Assert.IsType<HolotomoOutcome>(technique.AfterScan(new PostScanContext(scan.RawFile, scan.Scan, fixture.Completed, fixture.Live, SimulationTruth.Of(scan.Scene)), CancellationToken.None));

        Assert.Equal(outcome.ReconFile, outcome.VolumeFile);
        Assert.True(File.Exists(Path.Combine(fixture.Directory, Path.GetFileNameWithoutExtension(outcome.ReconFile) + "_paganin.h5")));
        Assert.NotEmpty(Directory.EnumerateFiles(outcome.AnalysisDirectory));
        PhaseQuality quality = outcome.Quality!;
        Assert.True(quality.PearsonR > quality.PaganinPearsonR, $"CTF r = {quality.PearsonR:0.000}, Paganin r = {quality.PaganinPearsonR:0.000}");
        Assert.True(outcome.RegistrationRmsPx < 0.25, $"registration {outcome.RegistrationRmsPx:0.000} px");
        Assert.Contains("against the simulated truth", outcome.Describe(), StringComparison.Ordinal);
        Assert.Null(technique.AfterScan(new PostScanContext(scan.RawFile, scan.Scan, fixture.Completed with { Status = ScanStatus.Failed }, null, ScanTruth.None), CancellationToken.None));
    }
}
