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

    /// <summary>
    /// A detector finer than the grid sees the cell itself inside the region it images: refined over the whole cell,
    /// a ray's line integral is the analytic cell's (the grid's 5 µm voxels are off by about 2 % on average).
    /// </summary>
    [Fact]
    public void Refined_over_the_whole_cell_a_ray_sees_the_analytic_cell()
    {
        var whole = new SampleRegion(0, 0, Cell.Cell.CanRadiusMm + 0.05, -0.05, 0.05);
        IAttenuatingSample refined = Cell.Refined(whole, 0.0003);
        Assert.NotSame(Cell, refined);
        var random = new Random(11);
        double refinedError = 0, gridError = 0;
        for (int n = 0; n < 20; n++)
        {
            double angle = random.NextDouble() * 2 * Math.PI;
            var direction = new Vector3D(Math.Cos(angle), Math.Sin(angle), 0.004);
            direction = (1 / direction.Length) * direction;
            var across = new Vector3D(-Math.Sin(angle), Math.Cos(angle), 0);
            Vector3D origin = ((random.NextDouble() - 0.5) * 3.0 * across) + (-3.0 * direction) + new Vector3D(0, 0, -0.012);
            double truth = Marched(origin, direction, 6.0);
            refinedError += Math.Abs(refined.LineIntegral(origin, direction) - truth) / Math.Max(truth, 0.05);
            gridError += Math.Abs(Cell.LineIntegral(origin, direction) - truth) / Math.Max(truth, 0.05);
        }

        Assert.True(refinedError / 20 < 0.002 && gridError > 3 * refinedError, $"mean relative difference refined {refinedError / 20:P3}, grid {gridError / 20:P3}");
    }

    /// <summary>Rays that miss the refined region are the grid's; a refined column projected at once equals its rays one by one.</summary>
    [Fact]
    public void A_refined_region_changes_only_the_rays_through_it()
    {
        var region = new SampleRegion(0.49, -0.68, 0.17, -0.76, -0.64);
        IAttenuatingSample refined = Cell.Refined(region, 0.0003);
        var source = new Vector3D(-180, -0.68, -0.70);
        var columnCentre = new Vector3D(65, -0.66, -0.70);
        double[] heights = [.. Enumerable.Range(0, 64).Select(r => (31.5 - r) * 0.0016)];
        var column = new double[heights.Length];
        ((IColumnProjectable)refined).ProjectColumn(source, columnCentre, heights, column);
        var grid = new double[heights.Length];
        Cell.ProjectColumn(source, columnCentre, heights, grid);
        for (int r = 0; r < heights.Length; r++)
        {
            Vector3D ray = columnCentre + new Vector3D(0, 0, heights[r]) - source;
            Assert.Equal(refined.LineIntegral(source, (1 / ray.Length) * ray), column[r], 9);
        }

        // This column passes through the region: its rays differ from the grid's there; one far from it does not.
        Assert.Contains(column.Zip(grid), p => Math.Abs(p.First - p.Second) > 1e-5);
        var far = new Vector3D(-180, -1.2, -0.70);
        Vector3D farRay = new Vector3D(65, -1.2, -0.70) - far;
        Assert.Equal(Cell.LineIntegral(far, (1 / farRay.Length) * farRay), refined.LineIntegral(far, (1 / farRay.Length) * farRay), 12);
        Assert.Same(Cell, Cell.Refined(region, 0.004));
    }
}
