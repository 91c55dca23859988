namespace XrayController.Analysis.Cell;

/// <summary>
/// One measurement of a zoom's layers where a line from the cell's axis crosses them.
/// </summary>
/// <param name="Kind"><c>foil</c> (the dark band inside a cathode electrode: its aluminium foil, and a void beside it where the outer coat has come off), <c>void</c> (that void alone) or <c>copper</c> (the copper foil's displacement from the middle of its anode, negative towards the axis).</param>
/// <param name="XMm">Where, in the cell's frame (mm): across, up the slice, and height.</param>
public sealed record ZoomCrossing(string Kind, double XMm, double YMm, double ZMm, double AzimuthDeg, double RadiusMm, double SizeUm);

/// <param name="CoatContrast">The height of a cathode coat's edges (1/mm), which the inspection's thresholds are shares of.</param>
/// <param name="NoiseEdge">The median height of all the lines' extremes of slope (1/mm), most of them noise.</param>
public sealed record ZoomInspectionResult(string Source, double VoxelUm, double CoatContrast, double NoiseEdge, int Lines, IReadOnlyList<ZoomCrossing> Crossings);

/// <summary>
/// Measures the layers of a zoom into a wound cell: a region reconstructed at a voxel that resolves the foils, whose
/// centre in the cell's frame (<c>sample_roi_centre_mm</c>) puts the cell's axis outside it. Lines from the axis
/// cross the region every voxel of arc and are sampled every quarter voxel, each the mean of
/// <see cref="SlicesPerLine"/> slices (the layers stand upright; the mean quiets the noise). Local tomography shifts
/// and tilts the levels across the region, so the layers are found from their edges, not from levels: the extremes of
/// a line's slope, each with the change of level across it (<see cref="StepSpanUm"/> either side). The coats' contrast
/// is the median height of the edges that stand <see cref="StandOut"/> times above the median of all; a coat's edges
/// are at least <see cref="StrongEdge"/> of it, a copper foil's at least <see cref="CellInspection.CoatPeak"/> times
/// it. A dark band narrower than <see cref="CellInspection.MaximumVoidUm"/> between two whole coats is an electrode's
/// foil; a further fall inside it by <see cref="VoidStep"/> of the contrast (from aluminium to the gas of a void),
/// two spans or more from both ends, starts a void, which reaches to the outer coat. A copper foil is measured from
/// the middle between the strongest coat edges within <see cref="AnodeReachUm"/> either side (the coats that bound
/// its anode, more than <see cref="MinimumAnodeUm"/> apart).
/// </summary>
public static class ZoomInspection
{
    public const int SlicesPerLine = 8;
    public const double VoidStep = 0.15;
    public const double MinimumAnodeUm = 100;

    /// <summary>How many times the median height of all extremes of slope an edge must be to count towards the coats' contrast.</summary>
    public const double StandOut = 4;

    /// <summary>The share of the cathode's contrast an edge of a coat changes the level by at least.</summary>
    public const double StrongEdge = 0.5;

    /// <summary>How far (µm) from a copper foil the coats that bound its anode are looked for: a separator and an anode coat with room for a deflection.</summary>
    private const double AnodeReachUm = 150;

    /// <summary>Samples per voxel along a line (the smoothing's σ is one voxel).</summary>
    private const int SamplesPerVoxel = 4;

    /// <summary>How far (µm) either side of an edge its height is read.</summary>
    private const double StepSpanUm = 3;

    /// <param name="volume">The zoom's volume; slice k at height <paramref name="topZMm"/> − k·voxel in the region's frame.</param>
    /// <param name="centre">The region's centre in the cell's frame (mm).</param>
    /// <param name="radiusMm">The radius of the region reconstructed (the roi's half diameter).</param>
    public static ZoomInspectionResult Run(IVolume volume, double topZMm, (double X, double Y, double Z) centre, double radiusMm)
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeShape shape = volume.Shape;
        if (shape.Height != shape.Width)
        {
            throw new ArgumentException($"the slices are {shape.Height} × {shape.Width}; a reconstruction's slices are square", nameof(volume));
        }

        double voxelMm = volume.VoxelUm / 1000;
        double inside = 0.9 * Math.Min(radiusMm, shape.Width * voxelMm / 2);
        double distance = Math.Sqrt((centre.X * centre.X) + (centre.Y * centre.Y));
        if (distance <= inside)
        {
            throw new ArgumentException($"the region's centre is {distance:0.###} mm from the cell's axis, inside the {inside:0.###} mm it measures; a zoom inspection measures a region off the axis", nameof(volume));
        }

        if (shape.Depth < SlicesPerLine)
        {
            throw new ArgumentException($"the volume has {shape.Depth} slices; the zoom inspection averages {SlicesPerLine}", nameof(volume));
        }

        float[] voxels = [.. volume.Slices(0, shape.Depth).Span];

        // The lines: from the cell's axis (at −centre in the volume's frame) through the region, one per voxel of arc at the region's centre.
        double azimuthCentre = Math.Atan2(centre.Y, centre.X);
        double span = Math.Asin(inside / distance);
        int lines = (int)(2 * span * distance / voxelMm) + 1;
        double step = voxelMm / SamplesPerVoxel;
        int groups = shape.Depth / SlicesPerLine;
        var traced = new (double From, double Azimuth, double ZMm, (List<Edge> Edges, double[] Smooth, double[] Extremes) Line)[groups * lines];
        Parallel.For(0, groups, g =>
        {
            double z = topZMm - (((g * SlicesPerLine) + ((SlicesPerLine - 1) / 2.0)) * voxelMm) + centre.Z;
            for (int l = 0; l < lines; l++)
            {
                double azimuth = azimuthCentre - span + ((l + 0.5) * 2 * span / lines);
                (double sin, double cos) = Math.SinCos(azimuth);

                // The radii where the line is inside the measured disk: |r·(cos, sin) − centre| = inside.
                double along = (centre.X * cos) + (centre.Y * sin);
                double root = (along * along) - ((distance * distance) - (inside * inside));
                double from = along - Math.Sqrt(Math.Max(0, root));
                int samples = root <= 0 ? 0 : (int)(2 * Math.Sqrt(root) / step);
                var line = new double[samples];
                for (int s = 0; s < samples; s++)
                {
                    double r = from + (s * step);
                    double x = (r * cos) - centre.X;
                    double y = (r * sin) - centre.Y;
                    double sum = 0;
                    for (int k = g * SlicesPerLine; k < (g + 1) * SlicesPerLine; k++)
                    {
                        sum += CellInspection.Bilinear(voxels.AsSpan(k * shape.PlaneSize, shape.PlaneSize), shape.Width, x, y, voxelMm);
                    }

                    line[s] = sum / SlicesPerLine;
                }

                traced[(g * lines) + l] = (from, azimuth, z, Edges(line, step));
            }
        });

        // The coats' contrast: the median height of the edges that stand out of the rest (most extremes are noise).
        double[] heights = [.. traced.SelectMany(t => t.Line.Extremes).Order()];
        double noise = heights.Length == 0 ? 0 : heights[heights.Length / 2];
        double[] standing = [.. heights.Where(h => h > StandOut * noise)];
        if (standing.Length == 0)
        {
            throw new ArgumentException("no edge along the lines stands out of the noise: the region shows no layers", nameof(volume));
        }

        double contrast = standing[standing.Length / 2];
        var crossings = new List<ZoomCrossing>();
        foreach ((double from, double azimuth, double z, (List<Edge> edges, double[] smooth, _)) in traced)
        {
            (double sin, double cos) = Math.SinCos(azimuth);
            Measure(edges, smooth, step, contrast, (r, kind, size) => crossings.Add(new ZoomCrossing(kind, r * cos, r * sin, z, azimuth * 180 / Math.PI, r, size)), from);
        }

        return new ZoomInspectionResult(volume.Source, volume.VoxelUm, contrast, noise, lines * groups, crossings);
    }

    /// <summary>The foils, voids and copper offsets along one line starting at radius <paramref name="start"/> (mm), found from its edges.</summary>
    private static void Measure(List<Edge> all, double[] smooth, double step, double contrast, Action<double, string, double> found, double start)
    {
        List<Edge> edges = [.. all.Where(e => Math.Abs(e.Height) >= VoidStep * contrast)];
        double Strength(Edge e) => Math.Abs(e.Height) / contrast;
        bool Coat(Edge e) => Strength(e) >= StrongEdge && Strength(e) < CellInspection.CoatPeak;
        bool Copper(Edge e) => Strength(e) >= CellInspection.CoatPeak;
        double Samples(double um) => um / 1000 / step;
        double Um(double samples) => samples * step * 1000;

        // The band's side towards `way` is a whole coat: the next strong edge that way is the coat's other edge, a coat's width away (a coat the line's end cuts is no evidence: the level falls towards the region's rim).
        bool Coated(int index, int way)
        {
            for (int j = index + way; j >= 0 && j < edges.Count; j += way)
            {
                if (Coat(edges[j]) || Copper(edges[j]))
                {
                    return Coat(edges[j]) && Math.Sign(edges[j].Height) != Math.Sign(edges[index].Height) && Um(Math.Abs(edges[j].At - edges[index].At)) >= CellInspection.MinimumCoatUm;
                }
            }

            return false;
        }

        for (int i = 0; i < edges.Count; i++)
        {
            Edge edge = edges[i];
            if (edge.Height < 0 && Coat(edge))
            {
                Edge fall = edge;
                // A dark band inside an electrode: the next coat's rise, with no copper between, close enough.
                int close = edges.FindIndex(i + 1, e => e.Height > 0 && (Coat(e) || Copper(e)));
                if (close >= 0 && Coat(edges[close]) && Um(edges[close].At - fall.At) < CellInspection.MaximumVoidUm && Coated(i, -1) && Coated(close, +1))
                {
                    Edge rise = edges[close];
                    found(start + ((fall.At + rise.At) / 2 * step), "foil", Um(rise.At - fall.At));
                    if (VoidEdge(edges.GetRange(i + 1, close - i - 1), smooth, fall.At, rise.At, Samples(StepSpanUm), VoidStep * contrast) is { } voidFrom)
                    {
                        found(start + ((voidFrom + rise.At) / 2 * step), "void", Um(rise.At - voidFrom));
                    }
                }
            }

            if (edge.Height > 0 && Copper(edge))
            {
                // A copper foil: its rise and the fall after it, between the strongest coat edges within an anode's reach either side.
                Edge rise = edge;
                int end = edges.FindIndex(i + 1, e => e.Height < 0 && Copper(e));
                if (end < 0 || Um(edges[end].At - rise.At) > CellInspection.MinimumCoatUm)
                {
                    continue;
                }

                Edge copperFall = edges[end];
                double reach = Samples(AnodeReachUm);
                double clear = 2 * Samples(StepSpanUm);
                Edge? inner = edges.Where(e => e.Height < 0 && Coat(e) && e.At >= rise.At - reach && e.At <= rise.At - clear).OrderBy(e => e.Height).Cast<Edge?>().FirstOrDefault();
                Edge? outer = edges.Where(e => e.Height > 0 && Coat(e) && e.At >= copperFall.At + clear && e.At <= copperFall.At + reach).OrderByDescending(e => e.Height).Cast<Edge?>().FirstOrDefault();
                if (inner is { } a && outer is { } b && Um(b.At - a.At) > MinimumAnodeUm)
                {
                    double middle = (a.At + b.At) / 2;
                    double position = (rise.At + copperFall.At) / 2;
                    found(start + (position * step), "copper", Um(position - middle));
                }
            }
        }
    }

    /// <summary>
    /// Inside a dark band from <paramref name="from"/> to <paramref name="to"/> (samples): where it steps down from the
    /// foil to a void — the strongest fall among <paramref name="inside"/> at least two spans (<see cref="StepSpanUm"/>)
    /// from both edges, with the mean level beyond it below the mean before it by <paramref name="least"/> — or null.
    /// </summary>
    private static double? VoidEdge(List<Edge> inside, double[] smooth, double from, double to, double span, double least)
    {
        Edge? candidate = inside.Where(e => e.Height < 0 && e.At >= from + (2 * span) && e.At <= to - (2 * span)).OrderBy(e => e.Height).Cast<Edge?>().FirstOrDefault();
        if (candidate is not { } edge)
        {
            return null;
        }

        double Mean(double a, double b) => Enumerable.Range((int)Math.Ceiling(a), Math.Max(1, (int)Math.Floor(b) - (int)Math.Ceiling(a) + 1)).Average(k => smooth[Math.Clamp(k, 0, smooth.Length - 1)]);
        double before = Mean(from + span, edge.At - span);
        double after = Mean(edge.At + span, to - span);
        return before - after >= least ? edge.At : null;
    }

    /// <summary>An edge along a line: where (in samples) and by how much the level changes across it (1/mm, negative: it falls).</summary>
    private readonly record struct Edge(double At, double Height);

    /// <summary>
    /// The edges of a line sampled every <paramref name="step"/> mm: the extremes of its derivative (the line smoothed by
    /// a Gaussian of one voxel), each with the change of level between <see cref="StepSpanUm"/> either side, its
    /// position refined by a parabola. Extremes within the smoothing's reach of the line's ends are left out, and so is
    /// an edge within two spans of a stronger one of the same sign (the foot of a steep edge); the heights of all the
    /// extremes are returned too, for the noise.
    /// </summary>
    private static (List<Edge> Edges, double[] Smooth, double[] Extremes) Edges(double[] line, double step)
    {
        int sigma = SamplesPerVoxel;
        int reach = 3 * sigma;
        var kernel = new double[(2 * reach) + 1];
        for (int k = -reach; k <= reach; k++)
        {
            kernel[k + reach] = Math.Exp(-(k * k) / (2.0 * sigma * sigma));
        }

        double total = kernel.Sum();
        var smooth = new double[line.Length];
        for (int s = 0; s < line.Length; s++)
        {
            double sum = 0;
            for (int k = -reach; k <= reach; k++)
            {
                sum += kernel[k + reach] * line[Math.Clamp(s + k, 0, line.Length - 1)];
            }

            smooth[s] = sum / total;
        }

        var slope = new double[line.Length];
        for (int s = 1; s < line.Length - 1; s++)
        {
            slope[s] = (smooth[s + 1] - smooth[s - 1]) / 2;
        }

        int across = (int)Math.Round(StepSpanUm / 1000 / step);
        var edges = new List<Edge>();
        for (int s = reach + 1; s < line.Length - reach - 1; s++)
        {
            bool extreme = (slope[s] > 0 && slope[s] >= slope[s - 1] && slope[s] > slope[s + 1]) || (slope[s] < 0 && slope[s] <= slope[s - 1] && slope[s] < slope[s + 1]);
            if (!extreme)
            {
                continue;
            }

            double height = smooth[Math.Min(line.Length - 1, s + across)] - smooth[Math.Max(0, s - across)];
            double curvature = slope[s - 1] - (2 * slope[s]) + slope[s + 1];
            double offset = curvature != 0 ? Math.Clamp(0.5 * (slope[s - 1] - slope[s + 1]) / curvature, -0.5, 0.5) : 0;
            edges.Add(new Edge(s + offset, height));
        }

        // The foot of a steep edge is no edge of its own: only the strongest of one sign within two spans is kept.
        List<Edge> kept = [.. edges.Where(e => !edges.Any(f => Math.Sign(f.Height) == Math.Sign(e.Height) && Math.Abs(f.Height) > Math.Abs(e.Height) && Math.Abs(f.At - e.At) < 2 * across))];
        return (kept, smooth, [.. edges.Select(e => Math.Abs(e.Height))]);
    }
}
