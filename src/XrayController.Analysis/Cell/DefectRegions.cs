namespace XrayController.Analysis.Cell;

/// <summary>
/// Groups flagged crossings into defects: crossings of one kind on one turn that touch — azimuths within
/// <see cref="AzimuthReach"/> lines, slices within one — make a region (union–find). A region must span
/// <see cref="MinimumSlices"/> slices and <see cref="MinimumArcDeg"/> of arc: single slices at a volume's ends and the
/// few lines where the winding starts or ends are not told apart from defects that small.
/// </summary>
internal static class DefectRegions
{
    public const int AzimuthReach = 3;
    public const int MinimumSlices = 3;
    public const double MinimumArcDeg = 5;

    public static List<CellDefect> Group(IReadOnlyList<CellInspection.Flag> flags, double voxelMm)
    {
        var index = new Dictionary<(string, int, int, int), int>();
        for (int i = 0; i < flags.Count; i++)
        {
            index[(flags[i].Kind, flags[i].Turn, flags[i].Slice, flags[i].Azimuth)] = i;
        }

        int[] parent = [.. Enumerable.Range(0, flags.Count)];
        int Root(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        for (int i = 0; i < flags.Count; i++)
        {
            CellInspection.Flag f = flags[i];
            for (int ds = -1; ds <= 1; ds++)
            {
                for (int da = -AzimuthReach; da <= AzimuthReach; da++)
                {
                    int azimuth = (f.Azimuth + da + CellInspection.Azimuths) % CellInspection.Azimuths;
                    if (index.TryGetValue((f.Kind, f.Turn, f.Slice + ds, azimuth), out int j))
                    {
                        parent[Root(i)] = Root(j);
                    }
                }
            }
        }

        return
        [
            .. Enumerable.Range(0, flags.Count).GroupBy(Root).Select(g => Region([.. g.Select(i => flags[i])], voxelMm))
                .Where(d => d.Slices >= MinimumSlices && d.Defect.ToAzimuthDeg - d.Defect.FromAzimuthDeg >= MinimumArcDeg).Select(d => d.Defect)
                .OrderBy(d => d.Kind, StringComparer.Ordinal).ThenByDescending(d => d.ZMm),
        ];
    }

    private static (CellDefect Defect, int Slices) Region(List<CellInspection.Flag> members, double voxelMm)
    {
        CellInspection.Flag largest = members.MaxBy(m => Math.Abs(m.SizeUm))!;
        (double from, double to) = Arc([.. members.Select(m => m.Azimuth).Distinct().Order()]);
        var defect = new CellDefect(
            largest.Kind,
            largest.Turn,
            members.Min(m => m.ZMm) - (voxelMm / 2),
            members.Max(m => m.ZMm) + (voxelMm / 2),
            from,
            to,
            members.Average(m => m.RadiusMm),
            largest.XMm,
            largest.YMm,
            largest.ZMm,
            largest.SizeUm,
            members.Count);
        return (defect, members.Select(m => m.Slice).Distinct().Count());
    }

    /// <summary>The smallest arc (degrees, start then end, end possibly past 360) holding every azimuth line.</summary>
    private static (double From, double To) Arc(int[] azimuths)
    {
        int n = CellInspection.Azimuths;
        int widest = 0;
        int after = 0;
        for (int i = 0; i < azimuths.Length; i++)
        {
            int next = i + 1 < azimuths.Length ? azimuths[i + 1] : azimuths[0] + n;
            if (next - azimuths[i] > widest)
            {
                (widest, after) = (next - azimuths[i], (i + 1) % azimuths.Length);
            }
        }

        double degrees = 360.0 / n;
        double start = azimuths[after] * degrees;
        double end = start + ((n - widest) * degrees);
        return (start, end);
    }
}
