namespace XrayController.Simulators.Physics.Cell;

/// <summary>
/// A <see cref="JellyRoll"/> voxelised on a grid of <c>voxelMm</c> cubes (each voxel the mean μ of 3 × 3 sub-samples of
/// its cross-section at its centre height, so thin layers keep their partial volume) and projected ray by ray with
/// Joseph's method (Joseph 1982): a ray steps one voxel plane at a time along its dominant horizontal axis and takes the
/// value there by linear interpolation in the other horizontal axis and in height; the sum times the step length is the
/// line integral. A wound cell is the same at most heights, so the volume keeps one cross-section for each distinct
/// state of its defects and a per-height index into them — a voxel volume stored compactly along the cell's axis. The
/// rays to one detector column share their horizontal path, so a column is projected by walking that path once: a ray
/// whose heights stay within slices of one cross-section takes that section's sum along the path (scaled to its slant),
/// the same number the step-by-step walk gives; the others are walked. A detector that resolves finer than the grid
/// sees the cell itself in the region it images (<see cref="Refined"/>).
/// </summary>
public sealed class VoxelisedCell : IRefinable, IColumnProjectable
{
    private const int SubSamples = 3;

    private readonly float[][] _sections;
    private readonly int[] _sectionOfSlice;
    private readonly int _size;
    private readonly double _voxelMm;
    private readonly double _zBottomMm;
    private readonly double _radiusMm;

    public VoxelisedCell(JellyRoll cell, double voxelMm)
    {
        ArgumentNullException.ThrowIfNull(cell);
        Cell = cell;
        _voxelMm = voxelMm;
        _size = (2 * (int)Math.Ceiling(cell.CanRadiusMm / voxelMm)) + 2;
        _radiusMm = ((_size / 2) - 1) * voxelMm;
        int slices = (2 * (int)Math.Ceiling(cell.HalfHeightMm / voxelMm)) + 1;
        _zBottomMm = -((slices - 1) / 2) * voxelMm;

        var keys = new SectionState[slices];
        for (int k = 0; k < slices; k++)
        {
            keys[k] = cell.StateAt(_zBottomMm + (k * voxelMm));
        }

        var distinct = keys.Distinct().ToList();
        _sectionOfSlice = [.. keys.Select(key => distinct.IndexOf(key))];
        var sections = new float[distinct.Count][];
        Parallel.For(0, distinct.Count, s =>
        {
            // Built at the middle slice of those that show it.
            int[] showing = [.. Enumerable.Range(0, slices).Where(k => _sectionOfSlice[k] == s)];
            sections[s] = Section(showing[showing.Length / 2]);
        });
        _sections = sections;
        Slices = slices;
    }

    public string Name => "18650-type jelly roll (voxelised)";

    public JellyRoll Cell { get; }

    /// <summary>How many distinct cross-sections the volume holds.</summary>
    public int Sections => _sections.Length;

    public int Slices { get; }

    public double VoxelMm => _voxelMm;

    public double AttenuationAt(Vector3D point) => Cell.AttenuationAt(point.X, point.Y, point.Z);

    /// <summary>
    /// This cell with the rays through <paramref name="region"/> sampled every <paramref name="stepMm"/> from the cell
    /// itself (<see cref="RefinedCell"/>) where that is finer than half the grid's voxel and the region reaches into
    /// the cell; else this cell.
    /// </summary>
    public IAttenuatingSample Refined(SampleRegion region, double stepMm)
    {
        double reach = Cell.CanRadiusMm + region.RadiusMm;
        bool touches = (region.XMm * region.XMm) + (region.YMm * region.YMm) < reach * reach
            && region.ToZMm > -Cell.HalfHeightMm && region.FromZMm < Cell.HalfHeightMm;
        return stepMm < _voxelMm / 2 && touches ? new RefinedCell(this, region, stepMm) : this;
    }

    public double LineIntegral(Vector3D origin, Vector3D direction)
    {
        // Clip to the cylinder holding the grid and to its height.
        double a = (direction.X * direction.X) + (direction.Y * direction.Y);
        if (a < 1e-12)
        {
            return 0;
        }

        double b = (origin.X * direction.X) + (origin.Y * direction.Y);
        double c = (origin.X * origin.X) + (origin.Y * origin.Y) - (_radiusMm * _radiusMm);
        double discriminant = (b * b) - (a * c);
        if (discriminant <= 0)
        {
            return 0;
        }

        double root = Math.Sqrt(discriminant);
        double t0 = (-b - root) / a;
        double t1 = (-b + root) / a;
        double zTop = _zBottomMm + ((Slices - 1) * _voxelMm);
        if (Math.Abs(direction.Z) > 1e-12)
        {
            double ta = (_zBottomMm - origin.Z) / direction.Z;
            double tb = (zTop - origin.Z) / direction.Z;
            t0 = Math.Max(t0, Math.Min(ta, tb));
            t1 = Math.Min(t1, Math.Max(ta, tb));
        }
        else if (origin.Z < _zBottomMm || origin.Z > zTop)
        {
            return 0;
        }

        if (t1 <= t0)
        {
            return 0;
        }

        bool alongX = Math.Abs(direction.X) >= Math.Abs(direction.Y);
        double main = alongX ? direction.X : direction.Y;
        double mainOrigin = alongX ? origin.X : origin.Y;
        double half = (_size - 1) / 2.0;
        double from = ((mainOrigin + (Math.Min(t0 * main, t1 * main))) / _voxelMm) + half;
        double to = ((mainOrigin + (Math.Max(t0 * main, t1 * main))) / _voxelMm) + half;
        int first = Math.Max(0, (int)Math.Ceiling(from));
        int last = Math.Min(_size - 1, (int)Math.Floor(to));
        double sum = 0;
        for (int i = first; i <= last; i++)
        {
            double t = ((((i - half) * _voxelMm) - mainOrigin) / main);
            double cross = (((alongX ? origin.Y + (t * direction.Y) : origin.X + (t * direction.X)) / _voxelMm) + half);
            double height = (origin.Z + (t * direction.Z) - _zBottomMm) / _voxelMm;
            int j = (int)Math.Floor(cross);
            int k = (int)Math.Floor(height);
            if (j < 0 || j >= _size - 1 || k < 0 || k >= Slices)
            {
                continue;
            }

            double wj = cross - j;
            double wk = height - k;
            double lower = Sample(_sections[_sectionOfSlice[k]], alongX, i, j, wj);
            double upper = k + 1 < Slices ? Sample(_sections[_sectionOfSlice[k + 1]], alongX, i, j, wj) : lower;
            sum += lower + (wk * (upper - lower));
        }

        return sum * _voxelMm / Math.Abs(main) * Math.Sqrt((direction.X * direction.X) + (direction.Y * direction.Y) + (direction.Z * direction.Z));
    }

    public void ProjectColumn(Vector3D source, Vector3D columnCentre, ReadOnlySpan<double> heightsMm, Span<double> lineIntegrals) =>
        ProjectColumn(source, columnCentre, heightsMm, lineIntegrals, null);

    /// <summary>
    /// The column's line integrals, leaving out of the rays that <paramref name="excluded"/> holds the part of their
    /// path inside it: each sample of the grid weighted by the share of its step that lies outside.
    /// </summary>
    internal void ProjectColumn(Vector3D source, Vector3D columnCentre, ReadOnlySpan<double> heightsMm, Span<double> lineIntegrals, PathSpan? excluded)
    {
        double dx = columnCentre.X - source.X;
        double dy = columnCentre.Y - source.Y;
        double length = Math.Sqrt((dx * dx) + (dy * dy));
        lineIntegrals.Clear();
        if (length < 1e-12)
        {
            return;
        }

        // Horizontal path: (x, y) = source + s·(ux, uy), s in mm; clip to the grid's cylinder.
        double ux = dx / length;
        double uy = dy / length;
        double b = (source.X * ux) + (source.Y * uy);
        double c = (source.X * source.X) + (source.Y * source.Y) - (_radiusMm * _radiusMm);
        double discriminant = (b * b) - c;
        if (discriminant <= 0)
        {
            return;
        }

        double s0 = -b - Math.Sqrt(discriminant);
        double s1 = -b + Math.Sqrt(discriminant);
        bool alongX = Math.Abs(ux) >= Math.Abs(uy);
        double main = alongX ? ux : uy;
        double mainOrigin = alongX ? source.X : source.Y;
        double half = (_size - 1) / 2.0;
        double from = ((mainOrigin + Math.Min(s0 * main, s1 * main)) / _voxelMm) + half;
        double to = ((mainOrigin + Math.Max(s0 * main, s1 * main)) / _voxelMm) + half;
        int first = Math.Max(0, (int)Math.Ceiling(from));
        int last = Math.Min(_size - 1, (int)Math.Floor(to));
        double stepMm = _voxelMm / Math.Abs(main);
        var steps = new List<(int Plane, int Cross, double Weight, double S, double Outside)>(last - first + 1);
        for (int i = first; i <= last; i++)
        {
            double sAt = (((i - half) * _voxelMm) - mainOrigin) / main;
            double cross = ((alongX ? source.Y + (sAt * uy) : source.X + (sAt * ux)) / _voxelMm) + half;
            int j = (int)Math.Floor(cross);
            if (j >= 0 && j < _size - 1)
            {
                double inside = excluded is { } span ? Math.Max(0, Math.Min(sAt + (stepMm / 2), span.ToS) - Math.Max(sAt - (stepMm / 2), span.FromS)) / stepMm : 0;
                steps.Add((i, j, cross - j, sAt, 1 - inside));
            }
        }

        // The sums along the path of each section, over all of it and outside the excluded span.
        var planar = new double[2, _sections.Length];
        for (int s = 0; s < _sections.Length; s++)
        {
            planar[0, s] = planar[1, s] = double.NaN;
        }

        double zTop = _zBottomMm + ((Slices - 1) * _voxelMm);
        for (int r = 0; r < heightsMm.Length; r++)
        {
            double slope = (columnCentre.Z + heightsMm[r] - source.Z) / length;
            double scale = stepMm * Math.Sqrt(1 + (slope * slope));
            bool leaveOut = excluded is { } span && span.Holds(source.Z, slope);
            double zA = source.Z + (s0 * slope);
            double zB = source.Z + (s1 * slope);
            int kLow = (int)Math.Floor((Math.Min(zA, zB) - _zBottomMm) / _voxelMm);
            int kHigh = (int)Math.Floor((Math.Max(zA, zB) - _zBottomMm) / _voxelMm) + 1;
            if (kLow >= 0 && kHigh < Slices && Math.Max(zA, zB) <= zTop && SameSection(kLow, kHigh) is int section)
            {
                int part = leaveOut ? 1 : 0;
                if (double.IsNaN(planar[part, section]))
                {
                    double sum = 0;
                    foreach ((int plane, int cross, double weight, _, double outside) in steps)
                    {
                        sum += (leaveOut ? outside : 1) * Sample(_sections[section], alongX, plane, cross, weight);
                    }

                    planar[part, section] = sum;
                }

                lineIntegrals[r] = planar[part, section] * scale;
                continue;
            }

            double walked = 0;
            foreach ((int plane, int cross, double weight, double sAt, double outside) in steps)
            {
                double height = (source.Z + (sAt * slope) - _zBottomMm) / _voxelMm;
                int k = (int)Math.Floor(height);
                if (k < 0 || k >= Slices)
                {
                    continue;
                }

                double lower = Sample(_sections[_sectionOfSlice[k]], alongX, plane, cross, weight);
                double upper = k + 1 < Slices ? Sample(_sections[_sectionOfSlice[k + 1]], alongX, plane, cross, weight) : lower;
                walked += (leaveOut ? outside : 1) * (lower + ((height - k) * (upper - lower)));
            }

            lineIntegrals[r] = walked * scale;
        }
    }

    /// <summary>The one section slices <paramref name="from"/> … <paramref name="to"/> all show, or null.</summary>
    private int? SameSection(int from, int to)
    {
        int section = _sectionOfSlice[from];
        for (int k = from + 1; k <= to; k++)
        {
            if (_sectionOfSlice[k] != section)
            {
                return null;
            }
        }

        return section;
    }

    /// <summary>The section's value at plane <paramref name="i"/> of the main axis, between cross-axis voxels j and j + 1.</summary>
    private float Sample(float[] section, bool alongX, int i, int j, double wj)
    {
        // Sections are stored [y][x] with y = row; x = column.
        float a = alongX ? section[(j * _size) + i] : section[(i * _size) + j];
        float b = alongX ? section[((j + 1) * _size) + i] : section[(i * _size) + j + 1];
        return (float)(a + (wj * (b - a)));
    }

    /// <summary>The cross-section at slice k's height: voxel (row y, column x) the mean μ of its sub-samples.</summary>
    private float[] Section(int slice)
    {
        double z = _zBottomMm + (slice * _voxelMm);
        double half = (_size - 1) / 2.0;
        var section = new float[_size * _size];
        for (int row = 0; row < _size; row++)
        {
            for (int column = 0; column < _size; column++)
            {
                double x0 = (column - half) * _voxelMm;
                double y0 = (row - half) * _voxelMm;
                if ((x0 * x0) + (y0 * y0) > (Cell.CanRadiusMm + _voxelMm) * (Cell.CanRadiusMm + _voxelMm))
                {
                    continue;
                }

                double sum = 0;
                for (int sy = 0; sy < SubSamples; sy++)
                {
                    for (int sx = 0; sx < SubSamples; sx++)
                    {
                        double x = x0 + ((((sx + 0.5) / SubSamples) - 0.5) * _voxelMm);
                        double y = y0 + ((((sy + 0.5) / SubSamples) - 0.5) * _voxelMm);
                        sum += Cell.AttenuationAt(x, y, z);
                    }
                }

                section[(row * _size) + column] = (float)(sum / (SubSamples * SubSamples));
            }
        }

        return section;
    }
}
