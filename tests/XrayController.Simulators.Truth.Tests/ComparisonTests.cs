using XrayController.Analysis;
using XrayController.Analysis.Fragments;
using XrayController.Core.Instruments;
using XrayController.Pipelines.Scans;
using XrayController.Pipelines.Techniques.Holotomography;
using XrayController.Pipelines.Techniques.ParallelBeam;
using XrayController.Simulators.Physics;
using XrayController.Simulators.Physics.Holography;
using XrayController.Storage;
using XrayController.Tests.Shared;

namespace XrayController.Simulators.Truth.Tests;

/// <summary>
/// The comparisons grade reconstructions by the simulation's truth; each is checked here on volumes made from the truth
/// itself, so that a wrong placement of the voxel grid or a wrong sign shows as an error where none should be.
/// </summary>
public sealed class ComparisonTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-truth-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static SimulationScene Scene(string instrument) =>
        SimulationScene.Create(InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument(instrument)), instrument).Profile!);

    /// <summary>A volume holding the phantom's attenuation at each voxel centre, on the grid the comparison assumes (x = (column − N/2)·p, y = (N/2 − row)·p, height from the detector's middle row).</summary>
    private string PhantomVolume(Phantom phantom, int rows, int size, double pixelMm, Func<double, double> scale)
    {
        string path = Path.Combine(_directory, $"phantom_{Guid.NewGuid():N}.h5");
        var values = new float[rows * size * size];
        for (int k = 0; k < rows; k++)
        {
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    var at = new Vector3D((j - (size / 2.0)) * pixelMm, ((size / 2.0) - i) * pixelMm, ((rows - 1) / 2.0 - k) * pixelMm);
                    values[(((k * size) + i) * size) + j] = (float)scale(phantom.AttenuationAt(at));
                }
            }
        }

        using var writer = new ReconstructionFileWriter(path, rows, size, new ReconstructionMetadata("1/mm", pixelMm * 1000, size / 2.0, "given", "truth", "none", "none", "none", false, 0, "test", "test"));
        writer.WriteSlab(0, values);
        writer.Complete();
        return path;
    }

    [Fact]
    public void The_phantom_comparison_finds_no_error_in_the_phantom_itself_and_the_whole_error_in_half_of_it()
    {
        SimulationScene scene = Scene("demo");
        IPhantomTruth truth = SimulationTruth.Of(scene).Find<IPhantomTruth>()!;
        const double PixelMm = 0.00065;

        SliceQuality exact = truth.CentralSlice(PhantomVolume(scene.Phantom!, 16, 128, PixelMm, a => a), 16);
        SliceQuality half = truth.CentralSlice(PhantomVolume(scene.Phantom!, 16, 128, PixelMm, a => a / 2), 16);
        SliceQuality shifted = truth.CentralSlice(PhantomVolume(scene.Phantom!, 16, 128, PixelMm, a => a), 48);

        Assert.Equal(8, exact.Slice);
        Assert.True(exact.RmsePerMm < 1e-3 * half.RmsePerMm, $"{exact.RmsePerMm} 1/mm against {half.RmsePerMm}");
        Assert.InRange(half.RelativeRmse, 0.05, 0.5);
        Assert.True(shifted.RmsePerMm > 10 * exact.RmsePerMm, "a volume placed 16 slices off the detector's middle must differ from the truth");
    }

    [Fact]
    public void The_phase_comparison_gives_one_for_the_truth_and_minus_one_for_its_negative()
    {
        SimulationScene scene = Scene("holotomo-demo");
        IPhaseTruth truth = SimulationTruth.Of(scene).Find<IPhaseTruth>()!;
        var shape = new VolumeShape(8, 64, 64);
        float[] delta = PhaseTruth.Delta(scene.Cathode!, shape.Depth, shape.Width, 0.0003, 8, 33600);

        double same = truth.Correlation(new PhaseVolume(shape, delta, 0.3, "delta", "truth"), 8, 33600);
        double negative = truth.Correlation(new PhaseVolume(shape, [.. delta.Select(d => -d)], 0.3, "delta", "negated truth"), 8, 33600);

        Assert.Equal(1, same, 6);
        Assert.Equal(-1, negative, 6);
        Assert.Null(SimulationTruth.Of(scene).Find<IPhantomTruth>());
        Assert.Null(ScanTruth.None.Find<IPhaseTruth>());
    }
}
