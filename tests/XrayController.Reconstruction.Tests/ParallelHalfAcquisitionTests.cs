using XrayController.Core.Plans;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Cone;
using XrayController.Simulators.Physics;

namespace XrayController.Reconstruction.Tests;

/// <summary>
/// A parallel-beam half-acquisition: a 74-column detector with the axis 10 columns from its edge sees, over a full
/// turn, the field a centred 128-column detector sees over half a turn. Weighted and filtered on the widened detector,
/// its slice equals the centred one's (measured: 6.919 % error against the phantom for both, 0.001 % apart; unweighted 80 % apart); the axis is found near the edge from the conjugate rays of the full turn.
/// </summary>
public class ParallelHalfAcquisitionTests
{
    private const int Columns = 74;
    private const double Axis = 9.5;

    [Fact]
    public void A_half_acquisition_reconstructs_as_a_centred_detector_of_its_field_does()
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 60, maxLineIntegral: 2.0);
        var grid = new ReconstructionGrid(128);
        double[] half = ExactData.Angles(360);
        float[] centred = ParallelFbp.Reconstruct(ExactData.Projections(phantom, 2, 128, 63.5, half), 2, new ParallelGeometry(128, 63.5, half, double.NaN), ReconstructionFilter.Ramp, grid);
        double[] turn = ExactData.Angles(720, 360);
        float[] offset = ExactData.Projections(phantom, 2, Columns, Axis, turn);
        ParallelGeometry widened = new ParallelGeometry(Columns, Axis, turn, double.NaN).AsHalfAcquisition();
        Assert.Equal((128, 63.5, (54, Columns)), (widened.Columns, widened.CenterPx, widened.Measured!.Value));

        float[] weighted = ParallelFbp.Reconstruct(widened.Widen(offset, 2), 2, widened, ReconstructionFilter.Ramp, grid);
        var placed = new float[turn.Length * 2 * 128];
        for (int line = 0; line < turn.Length * 2; line++)
        {
            Array.Copy(offset, line * Columns, placed, (line * 128) + 54, Columns);
        }

        float[] unweighted = ParallelFbp.Reconstruct(placed, 2, widened, ReconstructionFilter.Ramp, grid);

        double[] truth = ExactData.Truth(phantom, 128, 0, 2);
        int[] inside = [.. Enumerable.Range(0, 128 * 128).Where(v => grid.InCircle(v / 128, v % 128, 60))];
        double Error(float[] slice) => Math.Sqrt(inside.Average(v => Math.Pow(slice[v] - truth[v], 2))) / truth.Max();
        double Apart(float[] slice) => Math.Sqrt(inside.Average(v => Math.Pow(slice[v] - centred[v], 2)) / inside.Average(v => Math.Pow(centred[v], 2)));

        Assert.True(Error(weighted) < 1.01 * Error(centred), $"relative RMS error {Error(weighted):P2} half-acquired, {Error(centred):P2} centred");
        Assert.True(Apart(weighted) < 0.001 && Apart(unweighted) > 0.3, $"RMS difference from the centred slice {Apart(weighted):P2} with the weights, {Apart(unweighted):P2} without");
    }

    [Fact]
    public void The_axis_near_the_edge_is_found_from_the_conjugate_rays_of_the_full_turn()
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 60, maxLineIntegral: 2.0);
        double[] turn = ExactData.Angles(720, 360);
        float[] offset = ExactData.Projections(phantom, 1, Columns, Axis, turn);

        Assert.Equal(Axis, ConeCenter.Find(offset, Columns, turn, 1, double.PositiveInfinity), 0.05);
    }
}
