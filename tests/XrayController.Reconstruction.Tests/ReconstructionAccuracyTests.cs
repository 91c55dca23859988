using XrayController.Core.Plans;
using XrayController.Reconstruction.Backprojection;
using XrayController.Simulators.Physics;

namespace XrayController.Reconstruction.Tests;

/// <summary>Filtered back-projection of exact sinograms compared with the phantoms that made them.</summary>
public class ReconstructionAccuracyTests
{
    [Fact]
    public void A_uniform_cylinder_is_reconstructed_at_its_attenuation()
    {
        const double Mu = 0.02;
        var phantom = new Phantom("cylinder", [new Ellipsoid(new Vector3D(6, -4, 0), new Vector3D(30, 30, 1000), 0, 0, Mu)]);
        double[] angles = ExactData.Angles(360);
        float[] projections = ExactData.Projections(phantom, 2, 128, 64, angles);

        float[] slice = ParallelFbp.Reconstruct(projections, 2, new ParallelGeometry(128, 64, angles, double.NaN), ReconstructionFilter.Ramp, new ReconstructionGrid(128));

        var inside = new List<double>();
        for (int i = 0; i < 128; i++)
        {
            for (int j = 0; j < 128; j++)
            {
                double x = j - 64 - 6;
                double y = 64 - i + 4;
                if ((x * x) + (y * y) < 25 * 25)
                {
                    inside.Add(slice[(i * 128) + j]);
                }
            }
        }

        Assert.Equal(Mu, inside.Average(), 4);
        Assert.True(inside.Max() - inside.Min() < 0.1 * Mu, $"spread {inside.Max() - inside.Min()}");
        Assert.InRange(slice[(10 * 128) + 10], -0.001, 0.001);
    }

    [Fact]
    public void The_shepp_logan_slice_is_reconstructed_within_its_stated_error()
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 64, maxLineIntegral: 2.0);
        double[] angles = ExactData.Angles(360);
        float[] projections = ExactData.Projections(phantom, 2, 128, 64, angles);

        float[] slice = ParallelFbp.Reconstruct(projections, 2, new ParallelGeometry(128, 64, angles, double.NaN), ReconstructionFilter.Ramp, new ReconstructionGrid(128));

        double[] truth = ExactData.Truth(phantom, 128, 0, 2);
        double skull = truth.Max();
        var grid = new ReconstructionGrid(128);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < 128; i++)
        {
            for (int j = 0; j < 128; j++)
            {
                if (grid.InCircle(i, j, 63))
                {
                    double error = slice[(i * 128) + j] - truth[(i * 128) + j];
                    sum += error * error;
                    count++;
                }
            }
        }

        // Edges of the pixelated truth dominate the error; measured 0.081 of the skull's μ (relative RMSE) here.
        Assert.InRange(Math.Sqrt(sum / count) / skull, 0, 0.10);
    }

    [Fact]
    public void Splitting_the_volume_into_slabs_gives_the_same_bits()
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 16, maxLineIntegral: 2.0);
        double[] angles = ExactData.Angles(90);
        float[] projections = ExactData.Projections(phantom, 8, 32, 15.5, angles);
        var geometry = new ParallelGeometry(32, 15.5, angles, 0.01);

        float[] whole = ParallelFbp.Reconstruct((float[])projections.Clone(), 8, geometry, ReconstructionFilter.SheppLogan, new ReconstructionGrid(32));
        float[] first = ParallelFbp.Reconstruct(Rows(projections, 90, 8, 32, 0, 4), 4, geometry, ReconstructionFilter.SheppLogan, new ReconstructionGrid(32));
        float[] second = ParallelFbp.Reconstruct(Rows(projections, 90, 8, 32, 4, 4), 4, geometry, ReconstructionFilter.SheppLogan, new ReconstructionGrid(32));

        Assert.Equal(whole, first.Concat(second).ToArray());
    }

    private static float[] Rows(float[] projections, int angles, int rows, int columns, int first, int count)
    {
        var slab = new float[angles * count * columns];
        for (int a = 0; a < angles; a++)
        {
            Array.Copy(projections, ((a * rows) + first) * columns, slab, a * count * columns, count * columns);
        }

        return slab;
    }
}
