namespace XrayController.Simulators.Physics.Cell;

/// <summary>
/// A voxelised cell as a detector that resolves finer than its grid sees it: the rays' paths through one region (the
/// cylinder the detector images) are integrated from the cell itself, sampled every <c>stepMm</c> at the middle of
/// equal steps, and the rest of their paths from the grid (<see cref="VoxelisedCell"/>, its samples weighted by the
/// share of their step outside the region). A ray's height changes by far less than a layer across the region, so μ
/// there is taken at the height of its middle; rays that leave the region's heights within it keep the grid's
/// projection. The rays of one column share their horizontal path, so the region's sum is taken once for each state of
/// the cross-section they cross (<see cref="SectionState"/>).
/// </summary>
internal sealed class RefinedCell(VoxelisedCell grid, SampleRegion region, double stepMm) : IAttenuatingSample, IColumnProjectable
{
    public string Name => grid.Name;

    public double AttenuationAt(Vector3D point) => grid.AttenuationAt(point);

    public double LineIntegral(Vector3D origin, Vector3D direction)
    {
        double horizontal = Math.Sqrt((direction.X * direction.X) + (direction.Y * direction.Y));
        if (horizontal < 1e-12)
        {
            return grid.LineIntegral(origin, direction);
        }

        // The ray as a one-row column reaching past the cell: its line integral is the same wherever it ends beyond.
        double reach = 2 * (Math.Sqrt((origin.X * origin.X) + (origin.Y * origin.Y)) + grid.Cell.CanRadiusMm) / horizontal;
        var end = new Vector3D(origin.X + (reach * direction.X), origin.Y + (reach * direction.Y), origin.Z);
        Span<double> value = stackalloc double[1];
        ProjectColumn(origin, end, [reach * direction.Z], value);
        return value[0];
    }

    public void ProjectColumn(Vector3D source, Vector3D columnCentre, ReadOnlySpan<double> heightsMm, Span<double> lineIntegrals)
    {
        double dx = columnCentre.X - source.X;
        double dy = columnCentre.Y - source.Y;
        double length = Math.Sqrt((dx * dx) + (dy * dy));
        if (length < 1e-12)
        {
            grid.ProjectColumn(source, columnCentre, heightsMm, lineIntegrals);
            return;
        }

        // Where the horizontal path crosses the region's cylinder.
        double ux = dx / length;
        double uy = dy / length;
        double ox = source.X - region.XMm;
        double oy = source.Y - region.YMm;
        double b = (ox * ux) + (oy * uy);
        double discriminant = (b * b) - ((ox * ox) + (oy * oy) - (region.RadiusMm * region.RadiusMm));
        if (discriminant <= 0)
        {
            grid.ProjectColumn(source, columnCentre, heightsMm, lineIntegrals);
            return;
        }

        var span = new PathSpan(-b - Math.Sqrt(discriminant), -b + Math.Sqrt(discriminant), region.FromZMm, region.ToZMm);
        grid.ProjectColumn(source, columnCentre, heightsMm, lineIntegrals, span);
        int steps = (int)Math.Ceiling((span.ToS - span.FromS) / stepMm);
        double step = (span.ToS - span.FromS) / steps;
        var sums = new Dictionary<SectionState, double>();
        JellyRoll cell = grid.Cell;
        for (int r = 0; r < heightsMm.Length; r++)
        {
            double slope = (columnCentre.Z + heightsMm[r] - source.Z) / length;
            if (!span.Holds(source.Z, slope))
            {
                continue;
            }

            double z = source.Z + (slope * (span.FromS + span.ToS) / 2);
            SectionState state = cell.StateAt(z);
            if (!sums.TryGetValue(state, out double sum))
            {
                for (int i = 0; i < steps; i++)
                {
                    double s = span.FromS + ((i + 0.5) * step);
                    sum += cell.AttenuationAt(source.X + (s * ux), source.Y + (s * uy), z);
                }

                sum *= step;
                sums[state] = sum;
            }

            lineIntegrals[r] += sum * Math.Sqrt(1 + (slope * slope));
        }
    }
}
