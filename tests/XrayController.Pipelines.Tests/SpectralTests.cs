using PureHDF;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Pipelines.Techniques;
using XrayController.Pipelines.Techniques.Spectral;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators.Truth;
using XrayController.Storage;
using XrayController.Storage.Reading;
using XrayController.Tests.Shared;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// A small XANES scan of the demo's three NMC particles: 16 energies across the Ni K edge (3 before it, 9 on it in 2 eV
/// steps, 4 after it: near the fewest the edge analysis takes) after the calibration on the Ni foil, 36 projections
/// each, 128 × 96 frames, the image wandering by up to 8 detector pixels (2 binned) as the optics refocus with energy.
/// </summary>
public sealed class SpectralScan : PublishedScan
{
    public const int Energies = 16;
    public const int Angles = 36;

    protected override Task<SimulatedScan> RunAsync(string directory, IScanSink publisher) =>
        SimulatedScans.RunAsync(directory, Small(File.ReadAllText(RepositoryPaths.Plan("xanes-demo.yaml"))), Wandering(), publisher);

    private static string Small(string plan) => SimulatedScans.Line(plan, "rotation:", $"rotation: {{ start_deg: 0, range_deg: 180, count: {Angles}, mode: step }}")
        .Replace("from_ev: 8180, to_ev: 8320, step_ev: 35", "from_ev: 8180, to_ev: 8280, step_ev: 50", StringComparison.Ordinal)
        .Replace("from_ev: 8332, to_ev: 8358, step_ev: 1", "from_ev: 8334, to_ev: 8350, step_ev: 2", StringComparison.Ordinal)
        .Replace("from_ev: 8375, to_ev: 8555, step_ev: 36", "from_ev: 8390, to_ev: 8540, step_ev: 50", StringComparison.Ordinal)
        .Replace("flats: { count: 5, at: [each_energy] }", "flats: { count: 2, at: [each_energy] }", StringComparison.Ordinal);

    private static string Wandering() => File.ReadAllText(RepositoryPaths.Instrument("txm-xanes-demo"))
        .Replace("\"gain_e_per_count\": 4,", "\"gain_e_per_count\": 4, \"image_drift_px\": 8,", StringComparison.Ordinal);
}

/// <summary>The spectral technique: a volume per energy, the live per-energy view, and the XANES analysis after the scan.</summary>
public sealed class SpectralTests(SpectralScan fixture) : IClassFixture<SpectralScan>
{
    private string Output(string name) => Path.Combine(fixture.Directory, name);

    [Fact]
    public void The_file_goes_to_the_spectral_technique_which_registers_every_energy_onto_the_last()
    {
        SimulatedScan scan = fixture.Scan;
        Assert.Equal(SpectralScan.Energies, scan.Scan.EnergiesEv.Count);
        ReconstructionRequest request = Requests.Offline(scan.RawFile, Output("recon.h5"), flats: FlatMode.Preceding);
        using (TomographyFile file = OfflineReconstruction.Open(scan.RawFile))
        {
            Assert.IsType<SpectralTechnique>(fixture.Techniques.ForFile(file, request));
        }

        ReconstructionEstimate estimate = fixture.Offline.Estimate(request);
        ReconstructionResult result = fixture.Offline.Run(request, CancellationToken.None);

        Assert.Equal(SpectralScan.Energies, result.Energies);
        Assert.Equal((SpectralScan.Energies, (long)SpectralScan.Energies * 96 * 128 * 128 * sizeof(float)), (estimate.Units, estimate.BytesWritten));
        using var recon = H5File.OpenRead(result.OutputPath);
        Assert.Equal([(ulong)SpectralScan.Energies, 96, 128, 128], recon.Dataset("/exchange/recon").Space.Dimensions);
        Assert.Equal(scan.Scan.EnergiesEv, recon.Dataset("/exchange/energy").Read<double[]>());
        double[] shifts = recon.Dataset("/exchange/registration_shift_px").Read<double[]>();
        (double Rows, double Columns)[] pairs = [.. Enumerable.Range(0, SpectralScan.Energies).Select(k => (shifts[2 * k], shifts[(2 * k) + 1]))];
        double voxelUm = recon.Dataset("/exchange/recon").Attribute("voxel_size_um").Read<double>();
        IXanesTruth truth = SimulationTruth.Of(scan.Scene).Find<IXanesTruth>()!;
        double error = truth.RegistrationRmsPx(scan.Scan.EnergiesEv, pairs, voxelUm);
        double unregistered = truth.RegistrationRmsPx(scan.Scan.EnergiesEv, [.. pairs.Select(_ => (0.0, 0.0))], voxelUm);
        Assert.True(error < 0.25 && unregistered > 1, $"registration {error:0.000} px RMS from the simulated image wander of {unregistered:0.00} px RMS");
    }

    [Fact]
    public void Each_energy_made_in_slabs_of_two_rows_is_the_same_bit_for_bit_and_a_smaller_budget_is_refused()
    {
        ReconstructionRequest request = Requests.Offline(fixture.Scan.RawFile, Output("budget-whole.h5"), flats: FlatMode.Preceding);
        long minimum = fixture.Offline.Estimate(request with { MemoryBudgetBytes = 1 }).MinimumBudgetBytes;

        ReconstructionResult whole = fixture.Offline.Run(request, CancellationToken.None);
        ReconstructionResult slabbed = fixture.Offline.Run(request with { OutputPath = Output("budget-slabs.h5"), MemoryBudgetBytes = minimum }, CancellationToken.None);
        var refused = Assert.Throws<InputException>(() => fixture.Offline.Run(request with { OutputPath = Output("budget-refused.h5"), MemoryBudgetBytes = minimum - 1 }, CancellationToken.None));

        Assert.Equal(Volumes(whole.OutputPath), Volumes(slabbed.OutputPath));
        Assert.Contains("a slab of two rows", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Output("budget-refused.h5")));
    }

    private static float[] Volumes(string path)
    {
        using var file = H5File.OpenRead(path);
        return file.Dataset("/exchange/recon").Read<float[]>();
    }

    [Fact]
    public void Slices_and_a_region_of_interest_are_refused_for_a_scan_reconstructed_whole()
    {
        ReconstructionRequest request = Requests.Offline(fixture.Scan.RawFile, Output("x.h5"));

        var sliced = Assert.Throws<InputException>(() => fixture.Offline.Run(request with { FirstSlice = 10, EndSlice = 20 }, CancellationToken.None));
        var region = Assert.Throws<InputException>(() => fixture.Offline.Run(request with { VoxelUm = 0.05 }, CancellationToken.None));

        Assert.Contains("is a spectral scan, reconstructed whole", sliced.Message, StringComparison.Ordinal);
        Assert.Contains("is not a lab cone-beam scan", region.Message, StringComparison.Ordinal);
        var integers = Assert.Throws<InputException>(() => fixture.Offline.Run(request with { OutputType = VolumeType.UInt16 }, CancellationToken.None));
        Assert.Contains("written as float32: --dtype applies to single volumes", integers.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(request.OutputPath));
    }

    [Fact]
    public void Live_each_energy_is_previewed_and_the_last_view_goes_into_the_spectral_section()
    {
        LiveResult live = fixture.Live;

        Assert.Equal(("per-energy previews", null), (live.Outcome, live.OutputPath));
        Assert.Equal(SpectralScan.Energies * SpectralScan.Angles, live.ProjectionsReconstructed);
        Assert.False(fixture.LiveCouldMove);
        LiveDetails details = Assert.Single(live.Sections, s => s.Key == "spectral").Details!;
        var json = (Dictionary<string, object?>)details.Json!;
        Assert.Equal(SpectralScan.Energies, json["energies"]);
        Assert.Equal(48, json["slice"]);
        Assert.True((int)json["edge_map_pixels"]! > 50, $"{json["edge_map_pixels"]} pixels in the live edge map ({json["edge_map_note"]})");

        // The last view shown is the final one: every energy complete, so its edge map is there (with one energy short
        // the post-edge range holds too few for the map).
        SpectralPreview shown = fixture.LastSpectralView!;
        Assert.Equal(SpectralScan.Energies, shown.EnergiesEv.Count);
        Assert.True(shown.EdgeMapEv is not null, shown.EdgeMapNote);
        Assert.Null(Assert.Single(live.Sections, s => s.Key == "paganin_projections").Details);
        Assert.Contains($"{Environment.NewLine}live spectral preview: {SpectralScan.Energies} energies", LiveResultWriter.Line(live), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 3)]
    [InlineData(8332.0, 1)]
    [InlineData(8180.0, 0)]
    public void The_figures_draw_the_energy_nearest_the_plans_choice_or_the_highest(double? chosenEv, int drawn)
    {
        Assert.Equal(drawn, XanesJob.DrawnEnergy([8180, 8333, 8340, 8555, 8400], chosenEv));
    }

    [Fact]
    public void After_the_scan_the_job_reconstructs_analyses_draws_and_compares_the_edge_energies_with_the_truth()
    {
        SimulatedScan scan = fixture.Scan;
        ITechnique technique = fixture.Techniques.ForPlan(Technique.SpectroTomography)!;

        var stages = new List<PostScanStage>();
        var outcome = Assert.IsType<XanesOutcome>(technique.AfterScan(new PostScanContext(scan.RawFile, scan.Scan, fixture.Completed, fixture.Live, SimulationTruth.Of(scan.Scene)) { OnStage = stages.Add }, CancellationToken.None));

        Assert.Equal([(1, 3), (2, 3), (3, 3)], stages.Select(s => (s.Index, s.Count)));
        Assert.Equal(["slice_xy.png", "slice_xy.svg", "slice_xz.png", "slice_xz.svg", "slice_yz.png", "slice_yz.svg"], outcome.Figures.Select(Path.GetFileName));
        Assert.Equal(SpectralScan.Energies, outcome.Energies);
        Assert.True(File.Exists(Path.Combine(outcome.AnalysisDirectory, "xanes.h5")));
        XanesQuality quality = outcome.Quality!;
        Assert.True(quality.InteriorVoxels > 1000, $"{quality.InteriorVoxels} interior voxels");
        Assert.True(quality.EdgeRmsEv < 1.0, $"edge energy RMS error {quality.EdgeRmsEv:0.000} eV (edge steps of 2 eV)");
        Assert.True(outcome.RegistrationRmsPx < 0.25, $"registration {outcome.RegistrationRmsPx:0.000} px");
        Assert.Equal("orthoslice figures at 8540.0 eV", stages[2].Name);
        Assert.Equal(outcome.ReconFile, outcome.VolumeFile);
        Assert.Null(technique.AfterScan(new PostScanContext(scan.RawFile, scan.Scan, fixture.Completed with { Status = ScanStatus.Aborted }, null, ScanTruth.None), CancellationToken.None));
    }
}
