using PureHDF;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques;
using XrayController.Pipelines.Techniques.ParallelBeam;
using XrayController.Simulators.Truth;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// A parallel-beam half-acquisition on the simulated demo instrument: the sample stage carries the rotation axis
/// 0.035 mm across the beam, so its image lies about 10 columns from the detector's edge, and a full turn of 360
/// projections sees a field 1.8 times the detector's. The reconstruction finds the axis there, widens and weights, and
/// its slice matches the phantom as the centred demo's does.
/// </summary>
public sealed class ParallelHalfAcquisitionScanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parallel-half-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_axis_near_the_edge_is_found_and_the_widened_slice_matches_the_phantom()
    {
        SimulatedScan scan = await SimulatedScans.RunAsync(_directory, "demo-parallel.yaml", "demo", plan =>
            SimulatedScans.Line(SimulatedScans.Line(plan, "rotation:", "rotation: { start_deg: 0, range_deg: 360, count: 360, mode: step }"), "  out_of_beam:", "  in_beam: { x_mm: -0.035 }\n  out_of_beam: { x_mm: 5.0 }"));
        double trueAxis = 63.75 - (0.035 / 0.00065);
        var offline = new OfflineReconstruction(TechniqueList.Create("test"));
        ReconstructionRequest request = Requests.Offline(scan.RawFile, Path.Combine(_directory, "recon.h5"));

        ReconstructionResult result = offline.Run(request, CancellationToken.None);

        Assert.InRange(result.CenterPx, trueAxis - 0.25, trueAxis + 0.25);
        Assert.Equal(128 + (int)Math.Round(127 - (2 * result.CenterPx)), result.Size);
        using (var file = H5File.OpenRead(result.OutputPath))
        {
            Assert.Equal(1, file.Dataset("/exchange/recon").Attribute("half_acquisition").Read<int>());
        }

        SliceQuality quality = new PhantomComparison(scan.Scene.Phantom!).CentralSlice(result.OutputPath, scan.Scan.FrameRows);
        Assert.True(quality.RelativeRmse < 0.085, $"central slice RMSE {quality.RelativeRmse:P1} of the phantom's largest attenuation");
    }
}
