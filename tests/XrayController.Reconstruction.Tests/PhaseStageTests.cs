using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Phase;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Tests;

public sealed class PhaseStageTests
{
    private const int N = 32;
    private static readonly PropagationGeometry Geometry = new(33600, 1e-4, [10, 12]);

    private static float[] Hologram(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, N * N).Select(_ => (float)(1 + (0.05 * ((2 * random.NextDouble()) - 1))))];
    }

    private static float[] LineIntegrals(float[] intensity) => [.. intensity.Select(i => -MathF.Log(i))];

    private static ReferenceCondition At(int distance) => new(33600, distance, 0);

    [Fact]
    public void The_multi_distance_stage_holds_each_angle_until_every_distance_is_in_then_retrieves_it()
    {
        var settings = new PhaseRetrievalSettings(PhaseMethod.Ctf, 150);
        var stage = new MultiDistanceStage(N, N, Geometry, settings, [1, 1]);
        float[] a0 = Hologram(1), a1 = Hologram(2), b0 = Hologram(3), b1 = Hologram(4);

        float[] first = LineIntegrals(a0);
        Assert.False(stage.Apply(first, 0.0, At(0)));
        Assert.False(stage.Apply(LineIntegrals(b0), 1.2, At(0)));
        Assert.Equal(2, stage.Held);
        float[] completed = LineIntegrals(a1);
        Assert.True(stage.Apply(completed, 0.0, At(1)));
        Assert.Equal(1, stage.Held);

        var expected = new float[N * N];
        new PhaseRetriever(N, N, Geometry, settings).Retrieve([a0, a1], expected);
        Assert.True(completed.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) <= 1e-6f * expected.Max(Math.Abs) + 1e-12f);
        Assert.True(stage.Apply(LineIntegrals(b1), 1.2, At(1)));
        Assert.Equal(0, stage.Held);
    }

    [Fact]
    public void The_paganin_stage_retrieves_its_distance_and_holds_back_the_others()
    {
        var single = new PropagationGeometry(33600, 1e-4, [10]);
        var stage = new PaganinStage(N, N, 0, single, 150);
        float[] hologram = Hologram(5);

        Assert.False(stage.Apply(LineIntegrals(hologram), 0, At(1)));
        float[] values = LineIntegrals(hologram);
        Assert.True(stage.Apply(values, 0, At(0)));

        var expected = new float[N * N];
        new PhaseRetriever(N, N, single, new PhaseRetrievalSettings(PhaseMethod.Paganin, 150)).Retrieve([hologram], expected);
        Assert.True(values.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) <= 1e-6f * expected.Max(Math.Abs) + 1e-12f);
    }
}
