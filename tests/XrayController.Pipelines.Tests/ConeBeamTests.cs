using System.Globalization;
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
using XrayController.Reconstruction.Cone;
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

    /// <summary>
    /// The scan's frames as another program lays them out (columns growing leftwards, rows upwards, the source turning
    /// clockwise, so its angles are the negatives of these), in a plain Data Exchange file: with a geometry file that
    /// says so, the volume is the one the frames in this program's layout give, bit for bit.
    /// </summary>
    [Fact]
    public void A_detector_and_a_rotation_laid_out_the_other_way_reconstruct_as_their_geometry_file_states()
    {
        string Write(string name, string text)
        {
            string path = Path.Combine(fixture.Directory, name);
            File.WriteAllText(path, text);
            return path;
        }

        const string Common = "\"sod_mm\": 50, \"sdd_mm\": 245, \"pixel_size_mm\": [0.4, 0.4]";
        string standard = ExchangeCopy("standard.h5", turned: false);
        string foreign = ExchangeCopy("foreign.h5", turned: true);
        ConeGeometryFile ours = ConeGeometryFile.Read(Write("standard.json", $"{{ {Common}, \"principal_point_px\": [64.25, 31.5] }}"));
        ConeGeometryFile theirs = ConeGeometryFile.Read(Write("foreign.json", $"{{ {Common}, \"principal_point_px\": [62.75, 31.5], \"source_rotation\": \"clockwise\", \"columns\": \"left\", \"rows\": \"up\" }}"));

        ReconstructionResult a = fixture.Offline.Run(Requests.Offline(standard, Path.Combine(fixture.Directory, "standard_recon.h5")) with { ConeGeometry = ours, MemoryBudgetBytes = 10_000_000 }, CancellationToken.None);
        ReconstructionResult b = fixture.Offline.Run(Requests.Offline(foreign, Path.Combine(fixture.Directory, "foreign_recon.h5")) with { ConeGeometry = theirs, MemoryBudgetBytes = 10_000_000 }, CancellationToken.None);

        Assert.Equal((64.25, 64.25), (a.CenterPx, b.CenterPx));
        using var first = H5File.OpenRead(a.OutputPath);
        using var second = H5File.OpenRead(b.OutputPath);
        float[] expected = first.Dataset("/exchange/recon").Read<float[]>();
        Assert.True(expected.Max() > 0.01);
        Assert.Equal(expected, second.Dataset("/exchange/recon").Read<float[]>());
        Assert.Contains("columns must be \"right\" or \"left\"", Assert.Throws<InputException>(() => ConeGeometryFile.Read(Write("bad.json", $"{{ {Common}, \"columns\": \"sideways\" }}"))).Message, StringComparison.Ordinal);
        Assert.Contains("not both", Assert.Throws<InputException>(() => ConeGeometryFile.Read(Write("both.json", $"{{ {Common}, \"principal_point_px\": [1, 2], \"detector_offset_px\": [0, 0] }}"))).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A 32 × 32 × 16 grid placed by its first voxel's centre on voxels of the default grid holds their values; without
    /// an origin it is centred on the axis; one raised past the detector's rows is made with a warning that gives both
    /// extents; a grid of unequal columns and rows, or with a region of interest, is refused.
    /// </summary>
    [Fact]
    public void A_grid_placed_by_its_origin_holds_the_default_grids_values_there()
    {
        ReconstructionRequest whole = Requests.Offline(fixture.Scan.RawFile, Path.Combine(fixture.Directory, "grid_whole.h5"), ConeBeamScan.TrueAxisPx);
        ReconstructionResult a = fixture.Offline.Run(whole, CancellationToken.None);
        double voxel = 0.4 / (245.0 / 50);
        (int k0, int i0, int j0) = (20, 50, 40);
        var placed = new GridRequest(32, 32, 16, ((j0 - 64) * voxel, (64 - i0 - 31) * voxel, (31.5 - k0 - 15) * voxel));
        ReconstructionResult b = fixture.Offline.Run(whole with { OutputPath = Path.Combine(fixture.Directory, "grid_placed.h5"), Grid = placed }, CancellationToken.None);

        float[] big = Volume(a.OutputPath, out _);
        float[] small = Volume(b.OutputPath, out double[] origin);
        Assert.Equal(32 * 32 * 16, small.Length);
        Assert.Equal(placed.OriginMm!.Value.X, origin[0], 9);
        Assert.Equal(placed.OriginMm!.Value.Z, origin[2], 9);
        float peak = big.Max(Math.Abs);
        double worst = 0;
        for (int k = 0; k < 16; k++)
        {
            for (int i = 0; i < 32; i++)
            {
                for (int j = 0; j < 32; j++)
                {
                    worst = Math.Max(worst, Math.Abs(small[(((k * 32) + i) * 32) + j] - big[((((k0 + k) * 128) + i0 + i) * 128) + j0 + j]));
                }
            }
        }

        Assert.True(worst < 1e-4 * peak, $"largest difference {worst} against the volume's peak {peak}");
        Assert.Empty(b.Warnings);
        ReconstructionResult past = fixture.Offline.Run(whole with { OutputPath = Path.Combine(fixture.Directory, "grid_past.h5"), Grid = placed with { OriginMm = (placed.OriginMm.Value.X, placed.OriginMm.Value.Y, 40 * voxel) } }, CancellationToken.None);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"reaches {(55.5 - 32) * voxel:0.###} mm past the field the detector sees at the axis (±{64.8 * voxel:0.###} mm across, z {-32 * voxel:0.###} to {32 * voxel:0.###} mm)"), Assert.Single(past.Warnings), StringComparison.Ordinal);
        ReconstructionResult centred = fixture.Offline.Run(whole with { OutputPath = Path.Combine(fixture.Directory, "grid_centred.h5"), Grid = new GridRequest(10, 10, 4, null) }, CancellationToken.None);
        Volume(centred.OutputPath, out double[] centredOrigin);
        double[] centredExpected = [-4.5 * voxel, -4.5 * voxel, -1.5 * voxel];
        for (int axis = 0; axis < 3; axis++)
        {
            Assert.Equal(centredExpected[axis], centredOrigin[axis], 9);
        }

        Assert.Contains("as many columns as rows", Assert.Throws<InputException>(() => fixture.Offline.Run(whole with { Grid = new GridRequest(10, 12, 4, null) }, CancellationToken.None)).Message, StringComparison.Ordinal);
        Assert.Contains("give one of them", Assert.Throws<InputException>(() => fixture.Offline.Run(whole with { Grid = new GridRequest(10, 10, 4, null), Region = new ConeRegion(0, 0, 1) }, CancellationToken.None)).Message, StringComparison.Ordinal);
    }

    private static float[] Volume(string path, out double[] originMm)
    {
        using var file = H5File.OpenRead(path);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        originMm = recon.Attribute("grid_origin_mm").Read<double[]>();
        return recon.Read<float[]>();
    }

    [Fact]
    public void A_pixel_of_a_turned_detector_lands_where_this_programs_layout_puts_it()
    {
        float[] frame = new float[3 * 4];
        frame[(1 * 4) + 0] = 1;
        frame[(0 * 4) + 1] = 2;
        new DetectorAxes(ColumnsReversed: true, RowsReversed: true).Turn(frame, 3, 4);
        Assert.Equal((1f, 2f), (frame[(1 * 4) + 3], frame[(2 * 4) + 2]));
        Assert.Equal(2, frame.Count(v => v != 0));
        Assert.Equal((5, 2), (new DetectorAxes(false, true).FileFirstRow(1, 3, 9), DetectorAxes.Standard.FileFirstRow(2, 3, 9)));
    }

    /// <summary>The fixture's frames in a Data Exchange file of their own, turned as another program would lay them out when asked.</summary>
    private string ExchangeCopy(string name, bool turned)
    {
        using var raw = H5File.OpenRead(fixture.Scan.RawFile);
        ulong[] dims = raw.Dataset("/exchange/data").Space.Dimensions;
        (int rows, int columns) = ((int)dims[1], (int)dims[2]);
        var axes = new DetectorAxes(turned, turned);
        H5Dataset Frames(string path)
        {
            IH5Dataset dataset = raw.Dataset(path);
            float[] values = [.. dataset.Read<ushort[]>().Select(v => (float)v)];
            axes.Turn(values, rows, columns);
            return new H5Dataset(values.Select(v => (ushort)v).ToArray(), fileDims: dataset.Space.Dimensions);
        }

        double[] theta = [.. raw.Dataset("/exchange/theta").Read<double[]>().Select(a => turned ? -a : a)];
        string path = Path.Combine(fixture.Directory, name);
        new H5File
        {
            ["exchange"] = new H5Group
            {
                ["data"] = Frames("/exchange/data"),
                ["data_white"] = Frames("/exchange/data_white"),
                ["data_dark"] = Frames("/exchange/data_dark"),
                ["theta"] = new H5Dataset(theta, fileDims: [(ulong)theta.Length]),
            },
        }.Write(path);
        return path;
    }

    /// <summary>
    /// Under a budget of 10 MB the volume is made in slabs, each from the band of detector rows it sees, every row read
    /// once: the same volume, bit for bit, as under a budget that holds it all; a budget below one slice is refused
    /// with what one slice needs.
    /// </summary>
    [Fact]
    public void Any_budget_that_holds_one_slice_gives_the_same_volume_bit_for_bit()
    {
        SimulatedScan scan = fixture.Scan;
        ReconstructionRequest whole = Requests.Offline(scan.RawFile, Path.Combine(fixture.Directory, "whole.h5"), ConeBeamScan.TrueAxisPx);
        ReconstructionRequest slabbed = whole with { OutputPath = Path.Combine(fixture.Directory, "slabbed.h5"), MemoryBudgetBytes = 10_000_000 };
        var geometry = new ConeGeometry(64, 128, 50, 245, 0.4, 0.4, ConeBeamScan.TrueAxisPx - 63.5, 0, [.. Enumerable.Range(0, 120).Select(k => k * 3.0)]);
        ConeSlabPlan plan = ConeSlabPlan.Make(geometry, new ConeGrid(128, 64, geometry.VoxelMm), 120, 10, slabbed.MemoryBudgetBytes, "test", out _)!;
        Assert.InRange(plan.Slabs.Count, 3, 64);
        Assert.True(plan.PeakBytes <= slabbed.MemoryBudgetBytes);

        ReconstructionEstimate estimate = fixture.Offline.Estimate(slabbed);
        Assert.Equal((plan.PeakBytes, plan.Slabs.Count, 128L * 128 * 64 * sizeof(float)), (estimate.PeakMemoryBytes, estimate.Units, estimate.BytesWritten));
        Assert.Equal(((double)128 * 128 * 64 * 120, (double)128 * 128 * 120 * plan.Slabs.Count), (estimate.Work.ConeUpdates, estimate.Work.ConeColumnVisits));

        ReconstructionResult a = fixture.Offline.Run(whole, CancellationToken.None);
        ReconstructionResult b = fixture.Offline.Run(slabbed, CancellationToken.None);

        Assert.Equal(Volume(a.OutputPath), Volume(b.OutputPath));
        Assert.Equal((a.FlooredPixels, a.Zingers), (b.FlooredPixels, b.Zingers));

        // Under 2 MB one slice's rows of all 120 projections do not fit: each slab takes them in groups, reading rows
        // again for each slab that sees them, and still makes the same volume and counts every pixel once.
        ReconstructionRequest grouped = whole with { OutputPath = Path.Combine(fixture.Directory, "grouped.h5"), MemoryBudgetBytes = 2_000_000 };
        ConeSlabPlan groups = ConeSlabPlan.Make(geometry, new ConeGrid(128, 64, geometry.VoxelMm), 120, 10, grouped.MemoryBudgetBytes, "test", out _)!;
        Assert.True(groups.ProjectionsPerPass < 120 && groups.ProjectionsPerPass % FdkBackprojector.ProjectionGroup == 0, $"{groups.ProjectionsPerPass} projections a pass");
        Assert.True(groups.AllAtOnceMinimumBytes > grouped.MemoryBudgetBytes && groups.PeakBytes <= grouped.MemoryBudgetBytes);
        Assert.True(groups.RowReads > 64.0 * 130, $"{groups.RowReads} rows read");
        ReconstructionEstimate groupedEstimate = fixture.Offline.Estimate(grouped);
        Assert.Equal((groups.PeakBytes, groups.Slabs.Count), (groupedEstimate.PeakMemoryBytes, groupedEstimate.Units));
        Assert.Equal((groups.RowReads * 128) + (130.0 * 64 * 128), groupedEstimate.Work.CorrectedPixels);
        ReconstructionResult c = fixture.Offline.Run(grouped, CancellationToken.None);
        Assert.Equal(Volume(a.OutputPath), Volume(c.OutputPath));
        Assert.Equal((a.FlooredPixels, a.Zingers), (c.FlooredPixels, c.Zingers));
        var stripes = Assert.Throws<InputException>(() => fixture.Offline.Run(grouped with { RingRemoval = RingRemoval.Sort }, CancellationToken.None));
        Assert.Contains("stripe removal needs every projection of a detector row at once", stripes.Message, StringComparison.Ordinal);
        var refused = Assert.Throws<InputException>(() => fixture.Offline.Run(whole with { OutputPath = Path.Combine(fixture.Directory, "tiny.h5"), MemoryBudgetBytes = 100_000 }, CancellationToken.None));
        Assert.Matches(@"one slice of the 128² × 64 volume needs about [0-9.]+ GB .*: give --memory-gb [0-9.]+ or more", refused.Message);
        Assert.False(File.Exists(Path.Combine(fixture.Directory, "tiny.h5")));
        ReconstructionEstimate tiny = fixture.Offline.Estimate(whole with { MemoryBudgetBytes = 100_000 });
        Assert.False(tiny.FitsBudget);
        Assert.Equal(0, tiny.Units);
    }

    /// <summary>When one slice's rows of every projection are more than one array holds, the slabs take the projections in groups.</summary>
    [Fact]
    public void A_band_of_every_projection_past_one_array_is_taken_in_groups()
    {
        var geometry = new ConeGeometry(64, 128, 50, 245, 0.4, 0.4, 0, 0, [0.0, 90, 180, 270]);
        var grid = new ConeGrid(128, 64, geometry.VoxelMm);

        ConeSlabPlan plan = ConeSlabPlan.Make(geometry, grid, 10_000_000, 10, long.MaxValue, "many.h5", out long minimum)!;

        Assert.Equal(long.MaxValue, plan.AllAtOnceMinimumBytes);
        Assert.True(plan.ProjectionsPerPass < 10_000_000 && plan.ProjectionsPerPass % FdkBackprojector.ProjectionGroup == 0, $"{plan.ProjectionsPerPass} projections a pass");
        Assert.True(minimum < 100_000_000, $"{minimum} bytes");
    }

    private static float[] Volume(string path)
    {
        using var file = H5File.OpenRead(path);
        return file.Dataset("/exchange/recon").Read<float[]>();
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
