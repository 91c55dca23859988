using PureHDF;
using Xunit.Abstractions;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Output;
using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Pipelines.Techniques;
using XrayController.Simulators.Physics;
using XrayController.Simulators.Physics.Cell;
using XrayController.Simulators.Truth;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// The zoom of the lab demo (plans/lab-demo-zoom.yaml): the void's region of the simulated cell scanned through the
/// 4x objective at 1.2 µm pixels, the centring stages putting the region on the axis and sample_z its height at the
/// middle row, and reconstructed as local tomography. The volume is compared voxel by voxel with the cell's
/// attenuation at the same points of the cell's frame: it matches there, and not 30 µm across or 0.3 mm up; and the
/// zoom inspection measures the void's gap as the cell has it.
/// </summary>
public sealed class ZoomScanTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("zoom-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_zoomed_region_is_the_cells_region_it_names()
    {
        SimulatedScan scan = await SimulatedScans.RunAsync(_directory, "lab-demo-zoom.yaml", "lab-demo", plan => plan);
        RoiSettings roi = scan.Scan.Plan.Roi!;
        Assert.Equal((256, 64), (scan.Scan.FrameColumns, scan.Scan.FrameRows));
        ReconstructionRequest request = Requests.Offline(scan.RawFile, Path.Combine(_directory, "zoom.h5")) with { Region = new ConeRegion(0, 0, roi.DiameterMm), VoxelUm = roi.VoxelUm };

        ReconstructionResult result = new OfflineReconstruction(TechniqueList.Create("test")).Run(request, CancellationToken.None);

        using (var raw = H5File.OpenRead(scan.RawFile))
        {
            Assert.Equal("objective-4x", raw.Group("/measurement/instrument/detector").Attribute("configuration").Read<string>());
            Assert.Equal([roi.XMm, roi.YMm, roi.ZMm], raw.Group("/measurement/instrument/geometry").Attribute("roi_centre_mm").Read<double[]>());
        }

        using var file = H5File.OpenRead(result.OutputPath);
        IH5Dataset volume = file.Dataset("/exchange/recon");
        Assert.Equal(1.2, volume.Attribute("voxel_size_um").Read<double>(), 9);
        JellyRoll cell = ((VoxelisedCell)scan.Scene.Sample).Cell;
        double Match(double dxMm, double dzMm) => Correlation(volume.Read<float[]>(), result.Size, volume.Attribute("top_z_mm").Read<double>(), p => cell.AttenuationAt(p.X + roi.XMm + dxMm, p.Y + roi.YMm, p.Z + roi.ZMm + dzMm));

        double there = Match(0, 0);
        double off = Match(0.03, 0);
        double elsewhere = Match(0, 0.3);
        output.WriteLine($"correlation with the cell {there:0.00} at the region, {off:0.00} 30 µm across, {elsewhere:0.00} 0.3 mm up");
        Assert.True(there > 0.4 && there > off + 0.2 && there > elsewhere + 0.2, $"correlation with the cell {there:0.00} at the region, {off:0.00} 30 µm across, {elsewhere:0.00} 0.3 mm up");

        // The void's gap, measured line by line beside the foil, against the cell's at the same points.
        ZoomInspectionResult zoom = ZoomReport.Inspect(result.OutputPath);
        ZoomKindQuality gap = SimulationTruth.Of(scan.Scene).Find<ICellTruth>()!.Compare(zoom).Kinds.Single(k => k.Kind == "void");
        output.WriteLine(ZoomReport.Text(zoom));
        output.WriteLine($"void: {gap}");
        Assert.True(gap.Compared > 1000 && Math.Abs(gap.MeanErrorUm) < 2 && gap.Elsewhere < gap.Compared / 20, $"{gap}");
    }

    /// <summary>
    /// The copper zoom (plans/lab-demo-zoom-copper.yaml): the foil's displacement from the middle of its anode, line by
    /// line, against the cell's where the foil is pushed in by more than half the deflection's depth.
    /// </summary>
    [Fact]
    public async Task The_copper_zooms_deflection_is_the_cells()
    {
        SimulatedScan scan = await SimulatedScans.RunAsync(_directory, "lab-demo-zoom-copper.yaml", "lab-demo", plan => plan);
        RoiSettings roi = scan.Scan.Plan.Roi!;
        ReconstructionRequest request = Requests.Offline(scan.RawFile, Path.Combine(_directory, "copper.h5")) with { Region = new ConeRegion(0, 0, roi.DiameterMm), VoxelUm = roi.VoxelUm };
        ReconstructionResult result = new OfflineReconstruction(TechniqueList.Create("test")).Run(request, CancellationToken.None);

        ZoomInspectionResult zoom = ZoomReport.Inspect(result.OutputPath);
        ZoomKindQuality copper = SimulationTruth.Of(scan.Scene).Find<ICellTruth>()!.Compare(zoom).Kinds.Single(k => k.Kind == "copper");
        output.WriteLine(ZoomReport.Text(zoom));
        output.WriteLine($"copper: {copper}");
        Assert.True(copper.Compared > 1000 && Math.Abs(copper.MeanErrorUm) < 2 && copper.Elsewhere < copper.Compared / 20, $"{copper}");
    }

    /// <summary>
    /// Pearson's r, inside 80 % of the volume's radius, between its eight middle slices averaged (the layers stand
    /// upright there, so the mean keeps them and quiets the noise) and the attenuation at the middle height (points in
    /// mm, in the volume's frame).
    /// </summary>
    private static double Correlation(float[] volume, int size, double topZMm, Func<Vector3D, double> truth)
    {
        const double Voxel = 0.0012;
        int middle = volume.Length / (size * size) / 2;
        var pairs = new List<(double Recon, double Truth)>();
        for (int row = 0; row < size; row++)
        {
            for (int column = 0; column < size; column++)
            {
                double x = (column - (size / 2)) * Voxel;
                double y = ((size / 2) - row) * Voxel;
                if ((x * x) + (y * y) < Math.Pow(0.4 * size * Voxel, 2))
                {
                    double mean = Enumerable.Range(middle - 4, 8).Average(k => volume[((((long)k * size) + row) * size) + column]);
                    pairs.Add((mean, truth(new Vector3D(x, y, topZMm - ((middle - 0.5) * Voxel)))));
                }
            }
        }

        double meanRecon = pairs.Average(p => p.Recon);
        double meanTruth = pairs.Average(p => p.Truth);
        double covariance = pairs.Sum(p => (p.Recon - meanRecon) * (p.Truth - meanTruth));
        return covariance / Math.Sqrt(pairs.Sum(p => Math.Pow(p.Recon - meanRecon, 2)) * pairs.Sum(p => Math.Pow(p.Truth - meanTruth, 2)));
    }
}
