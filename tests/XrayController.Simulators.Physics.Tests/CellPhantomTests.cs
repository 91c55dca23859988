using XrayController.Simulators.Physics.Cell;

namespace XrayController.Simulators.Physics.Tests;

public sealed class CellPhantomTests
{
    private static readonly VoxelisedCell Cell = CellPhantom.Build(halfWidthMm: 1.94, fieldHeightMm: 0.97, voxelMm: 0.005, seed: 18650);

    /// <summary>∫μ ds of the analytic cell by the midpoint rule in 0.5 µm steps.</summary>
    private static double Marched(Vector3D origin, Vector3D direction, double lengthMm)
    {
        const double Step = 0.0005;
        double sum = 0;
        for (double t = Step / 2; t < lengthMm; t += Step)
        {
            Vector3D p = origin + (t * direction);
            sum += Cell.Cell.AttenuationAt(p.X, p.Y, p.Z);
        }

        return sum * Step;
    }

    [Fact]
    public void The_layers_follow_the_winding_with_the_coat_thickness_it_gives()
    {
        JellyRoll cell = Cell.Cell;
        Assert.True(cell.EndRad > 2 * Math.PI * CellPhantom.MinimumTurns);
        int found = 0;
        for (double phi = 2 * Math.PI; phi < cell.EndRad - 0.1; phi += 0.37)
        {
            // Walk outward from the turn's inner edge at this winding angle and measure the cathode electrode.
            double azimuth = (phi % (2 * Math.PI)) + cell.StartRad;
            double inner = cell.MandrelRadiusMm + (cell.PitchMm * phi / (2 * Math.PI));
            double first = double.NaN, last = double.NaN;
            for (double d = 0.0001; d < cell.PitchMm; d += 0.0002)
            {
                double r = inner + d;
                CellMaterial material = cell.MaterialAt(r * Math.Cos(azimuth), r * Math.Sin(azimuth), z: 0);
                if (material is CellMaterial.Cathode or CellMaterial.Aluminium)
                {
                    first = double.IsNaN(first) ? d : first;
                    last = d;
                }
            }

            Assert.Equal(cell.CathodeElectrodeUm(phi), (last - first) * 1000, 0.5);
            found++;
        }

        Assert.True(found > 10);
        Assert.InRange(cell.CoatUm(1.0), 56, 64);
        Assert.Equal(CellMaterial.Steel, cell.MaterialAt(cell.CanRadiusMm - 0.01, 0, 0));
        Assert.Equal(CellMaterial.Gas, cell.MaterialAt(0, 0, 0));
    }

    [Fact]
    public void Joseph_line_integrals_of_the_voxelised_cell_match_the_analytic_cell_along_random_rays_to_its_voxelisation()
    {
        var random = new Random(7);
        double worst = 0;
        string detail = string.Empty;
        double total = 0;
        for (int n = 0; n < 40; n++)
        {
            double angle = random.NextDouble() * 2 * Math.PI;
            double offset = (random.NextDouble() - 0.5) * 3.0;
            var direction = new Vector3D(Math.Cos(angle), Math.Sin(angle), (random.NextDouble() - 0.5) * 0.1);
            direction = (1 / direction.Length) * direction;
            var across = new Vector3D(-Math.Sin(angle), Math.Cos(angle), 0);
            Vector3D origin = (offset * across) + (-3.0 * direction) + new Vector3D(0, 0, (random.NextDouble() - 0.5) * 0.8);
            double truth = Marched(origin, direction, 6.0);
            double joseph = Cell.LineIntegral(origin, direction);
            double difference = Math.Abs(joseph - truth) / Math.Max(truth, 0.05);
            total += difference;
            if (difference > worst)
            {
                (worst, detail) = (difference, $"{joseph} vs {truth} at {origin}, {direction}");
            }
        }

        // Rays grazing a layer see its voxelisation most (a 10 µm foil along a chord of a third of a millimetre).
        Assert.True(total / 40 < 0.02, $"mean relative difference {total / 40:P2}");
        Assert.True(worst < 0.15, $"largest relative difference {worst:P2}: {detail}");
    }

    [Fact]
    public void A_column_projected_at_once_equals_its_rays_projected_one_by_one()
    {
        var source = new Vector3D(-50, 0.3, 0.02);
        var columnCentre = new Vector3D(195, -0.4, 0.02);
        double[] heights = [.. Enumerable.Range(0, 96).Select(r => (47.5 - r) * 0.0495 * 4)];
        var column = new double[heights.Length];
        Cell.ProjectColumn(source, columnCentre, heights, column);
        for (int r = 0; r < heights.Length; r++)
        {
            Vector3D ray = columnCentre + new Vector3D(0, 0, heights[r]) - source;
            Assert.Equal(Cell.LineIntegral(source, (1 / ray.Length) * ray), column[r], 9);
        }

        Assert.True(column.Max() > 0.3);
        Assert.True(Cell.Sections > 2);
    }
}
