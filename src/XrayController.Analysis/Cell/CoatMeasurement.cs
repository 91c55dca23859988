namespace XrayController.Analysis.Cell;

/// <summary>The two coats of a cathode electrode either side of its aluminium foil, along one radial line (the study's per-coat thickness).</summary>
internal static class CoatMeasurement
{
    /// <summary>Half the width searched for the foil's dip around its lowest point, in voxels: the foil's half width and the blur's reach.</summary>
    private const double FoilDipVoxels = 2.5;

    /// <summary>A dip narrower than this, in voxels, is taken for noise: no foil found, the coats not told apart.</summary>
    private const double MinimumFoilVoxels = 0.3;

    /// <summary>
    /// The electrode's two coats either side of its aluminium foil. The foil is the dip around the electrode's lowest point:
    /// blurred or not, the dip's area below the coats' level is the foil's width times the step from the coats' level
    /// down to the foil's, and the foil (aluminium) attenuates about as little as the background (separator, anode), so
    /// its width is that area over the coats' level above the background; its middle is the dip's centroid. Each coat
    /// runs from the electrode's edge to the foil's near edge. Lines where the coats' level cannot be read (an electrode
    /// too thin, or a dip no deeper than the noise) give NaN.
    /// </summary>
    public static (double InnerUm, double OuterUm) Coats(double[] line, double step, double voxelMm, double background, double from, double to)
    {
        double length = to - from;
        double dip = FoilDipVoxels * voxelMm;
        if (length * 1000 < 2 * CellInspection.MinimumCoatUm || length < (4 * dip) + (2 * voxelMm))
        {
            return (double.NaN, double.NaN);
        }

        // The dip: around the lowest sample whose window stays a voxel clear of the edges (the foil need not be in the middle).
        int lowest = (int)Math.Ceiling((from + voxelMm + dip) / step);
        for (int s = lowest; s <= (int)Math.Floor((to - voxelMm - dip) / step); s++)
        {
            lowest = line[s] < line[lowest] ? s : lowest;
        }

        // The coats' level: their samples a voxel inside the edges and clear of the dip.
        double middle = lowest * step;
        double sum = 0;
        int count = 0;
        foreach ((double a, double b) in new[] { (from + voxelMm, middle - dip), (middle + dip, to - voxelMm) })
        {
            for (int s = (int)Math.Ceiling(a / step); s <= (int)Math.Floor(b / step); s++)
            {
                sum += line[s];
                count++;
            }
        }

        double coatLevel = count == 0 ? double.NaN : sum / count;
        if (!(coatLevel - background > 0))
        {
            return (double.NaN, double.NaN);
        }

        double area = 0;
        double moment = 0;
        for (int s = Math.Max(0, (int)Math.Ceiling((middle - dip) / step)); s <= Math.Min(line.Length - 1, (int)Math.Floor((middle + dip) / step)); s++)
        {
            double deficit = coatLevel - line[s];
            area += deficit * step;
            moment += deficit * step * s * step;
        }

        double foil = area / (coatLevel - background);
        if (foil < MinimumFoilVoxels * voxelMm)
        {
            return (double.NaN, double.NaN);
        }

        double centre = moment / area;
        return (((centre - (foil / 2)) - from) * 1000, (to - (centre + (foil / 2))) * 1000);
    }
}
