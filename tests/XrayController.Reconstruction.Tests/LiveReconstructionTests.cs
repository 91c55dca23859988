using XrayController.Core.Plans;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Simulators.Physics;

namespace XrayController.Reconstruction.Tests;

/// <summary>The live reconstruction, fed one frame at a time, against the offline one of the same frames.</summary>
public class LiveReconstructionTests
{
    private const int Rows = 6;
    private const int Columns = 40;
    private const double Axis = 19.75;
    private static readonly ReferenceCondition Beam = new(double.NaN, 0, 0);

    [Fact]
    public void With_projection_local_settings_the_live_volume_equals_the_offline_one_bit_for_bit()
    {
        (List<Frame> frames, double[] angles) = Scan();
        var settings = new CorrectionSettings(FlatMode.Preceding, ZingerRemoval: true);
        var live = new IncrementalReconstructor(new LiveGeometry(Rows, Columns, Axis, 0.01, angles.Length, ReconstructionFilter.SheppLogan, FullVolume: true), settings);
        foreach (Frame frame in frames)
        {
            Feed(live, frame with { Raw = [.. frame.Raw] });
        }

        float[] offline = Offline(frames, angles, settings);

        Assert.Equal(angles.Length, live.ProjectionsAdded);
        Assert.Equal(offline, live.Volume(angles.Length));
    }

    [Fact]
    public void Projections_that_come_before_any_flats_wait_for_them()
    {
        (List<Frame> frames, double[] angles) = Scan();
        List<Frame> flatsLast = [.. frames.Where(f => f.Kind != 1), .. frames.Where(f => f.Kind == 1)];
        var settings = new CorrectionSettings(FlatMode.Preceding, ZingerRemoval: false);
        var live = new IncrementalReconstructor(new LiveGeometry(Rows, Columns, Axis, 0.01, angles.Length, ReconstructionFilter.Ramp, FullVolume: true), settings);

        foreach (Frame frame in flatsLast.Where(f => f.Kind != 1))
        {
            Feed(live, frame);
        }

        Assert.Equal(0, live.ProjectionsAdded);
        Assert.Equal(angles.Length, live.Waiting);
        foreach (Frame frame in flatsLast.Where(f => f.Kind == 1))
        {
            Feed(live, frame);
        }

        live.AddProjection(new float[Rows * Columns], 0, 10_000, Beam);
        Assert.Equal(angles.Length + 1, live.ProjectionsAdded);
    }

    [Fact]
    public void Previews_cut_from_the_kept_volume_match_the_separately_accumulated_ones()
    {
        (List<Frame> frames, double[] angles) = Scan();
        var settings = new CorrectionSettings(FlatMode.Preceding, ZingerRemoval: false);
        var withVolume = new IncrementalReconstructor(new LiveGeometry(Rows, Columns, Axis, double.NaN, angles.Length, ReconstructionFilter.Ramp, FullVolume: true), settings, (2, 15, 22));
        var previewsOnly = new IncrementalReconstructor(new LiveGeometry(Rows, Columns, Axis, double.NaN, angles.Length, ReconstructionFilter.Ramp, FullVolume: false), settings, (2, 15, 22));
        foreach (Frame frame in frames)
        {
            Feed(withVolume, frame);
            Feed(previewsOnly, frame with { Raw = [.. frame.Raw] });
        }

        PreviewSlices a = withVolume.Preview();
        PreviewSlices b = previewsOnly.Preview();
        Assert.Equal(a.Axial, b.Axial);
        Assert.Equal(a.AtConstantY, b.AtConstantY);
        Assert.Equal(a.AtConstantX, b.AtConstantX);
        Assert.Equal(Columns * Columns, a.Axial.Length);
        Assert.Equal(Rows * Columns, a.AtConstantX.Length);
    }

    private static void Feed(IncrementalReconstructor live, Frame frame)
    {
        switch (frame.Kind)
        {
            case 2:
                live.AddDark(frame.Raw, frame.Seq, Beam);
                break;
            case 1:
                live.AddFlat(frame.Raw, frame.Seq, Beam);
                break;
            default:
                live.AddProjection(frame.Raw, frame.AngleDeg, frame.Seq, Beam);
                break;
        }
    }

    private static float[] Offline(List<Frame> frames, double[] angles, CorrectionSettings settings)
    {
        ReferenceBlocks Blocks(int kind, bool zingers) => ReferenceBlocks.Build(
            [.. frames.Where(f => f.Kind == kind).Select(f =>
            {
                float[] copy = [.. f.Raw];
                if (zingers)
                {
                    ZingerRemoval.Remove(copy, Rows, Columns);
                }

                return ((double)f.Seq, Beam, (ReadOnlyMemory<float>)copy);
            })]);
        ReferenceBlocks flats = Blocks(1, settings.ZingerRemoval);
        ReferenceBlocks darks = Blocks(2, zingers: false);
        Frame[] projections = [.. frames.Where(f => f.Kind == 0)];
        var lineIntegrals = new float[projections.Length * Rows * Columns];
        for (int p = 0; p < projections.Length; p++)
        {
            float[] raw = [.. projections[p].Raw];
            ProjectionCorrection.Correct(raw, Rows, Columns, projections[p].Seq, Beam, flats, darks, settings, lineIntegrals.AsSpan(p * Rows * Columns, Rows * Columns));
        }

        return ParallelFbp.Reconstruct(lineIntegrals, Rows, new ParallelGeometry(Columns, Axis, angles, 0.01), ReconstructionFilter.SheppLogan, new ReconstructionGrid(Columns));
    }

    /// <summary>Darks, flats, 60 projections over 180°, flats again: raw counts of a battery phantom with noise.</summary>
    private static (List<Frame> Frames, double[] Angles) Scan()
    {
        Phantom phantom = Phantoms.Battery(halfWidthMm: 0.2, maxLineIntegral: 1.2, seed: 5);
        var renderer = new ParallelBeamRenderer(phantom, Rows, Columns, 0.01, Axis, new DetectorNoise(100, 3, 0.05, 65535), seed: 2);
        double[] angles = ExactData.Angles(60);
        var frames = new List<Frame>();
        long seq = 0;
        for (int i = 0; i < 2; i++)
        {
            frames.Add(new Frame(2, seq, 0, Counts(renderer.Render(0, 0, 0, 0, 1, seq++))));
        }

        for (int i = 0; i < 3; i++)
        {
            frames.Add(new Frame(1, seq, 0, Counts(renderer.Render(0, 5, 0, 10000, 1, seq++))));
        }

        foreach (double angle in angles)
        {
            frames.Add(new Frame(0, seq, angle, Counts(renderer.Render(angle, 0, 0, 10000, 1, seq++))));
        }

        for (int i = 0; i < 3; i++)
        {
            frames.Add(new Frame(1, seq, 0, Counts(renderer.Render(0, 5, 0, 10000, 1, seq++))));
        }

        return (frames, angles);
    }

    private static float[] Counts(ushort[] raw) => [.. raw.Select(v => (float)v)];

    private sealed record Frame(int Kind, long Seq, double AngleDeg, float[] Raw);
}
