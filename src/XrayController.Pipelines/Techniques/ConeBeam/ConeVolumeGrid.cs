using System.Globalization;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Cone;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// The voxel grid of a cone-beam volume and the field of view it is judged against: the detector's field at the
/// natural voxel (a half-acquisition's widened one), the grid <c>--grid</c> and <c>--origin-mm</c> place, or a region
/// of interest inside the field; a grid asked past the field is made, with a warning.
/// </summary>
internal static class ConeVolumeGrid
{
    /// <summary>
    /// The volume's grid: the whole field at the natural voxel (or the one asked; a half-acquisition's widened field),
    /// or the region of interest, which must lie inside the field (<see cref="FieldRadiusMm"/>).
    /// </summary>
    public static ConeGrid For(ReconstructionRequest request, ConeGeometry geometry, TomographyScan file, string name)
    {
        double voxel = request.VoxelUm is { } um ? um / 1000 : geometry.VoxelMm;
        if (request.Grid is { } asked)
        {
            if (request.Region is not null)
            {
                throw new InputException($"{name}: --roi and --grid both place the grid; give one of them");
            }

            if (asked.Columns != asked.Rows)
            {
                throw new InputException($"{name}: --grid {asked.Columns},{asked.Rows},{asked.Slices}: a volume's slices are square here; give as many columns as rows");
            }

            return ConeGrid.FromOrigin(asked.Columns, asked.Slices, voxel, asked.OriginMm ?? (-(asked.Columns - 1) / 2.0 * voxel, -(asked.Rows - 1) / 2.0 * voxel, -(asked.Slices - 1) / 2.0 * voxel));
        }

        int slices = Math.Max(1, (int)Math.Round(file.Rows * geometry.VoxelMm / voxel));
        if (request.Region is not { } region)
        {
            return new ConeGrid(Math.Max(1, (int)Math.Round(geometry.Columns * geometry.VoxelMm / voxel)), slices, voxel);
        }

        double field = FieldRadiusMm(geometry);
        double reach = Math.Sqrt((region.XMm * region.XMm) + (region.YMm * region.YMm)) + (region.DiameterMm / 2);
        if (reach > field)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{name}: the region of interest (centre {region.XMm}, {region.YMm} mm, diameter {region.DiameterMm} mm) reaches {reach:0.###} mm from the axis, outside the field of view ({field:0.###} mm)"));
        }

        return new ConeGrid((int)Math.Ceiling((region.DiameterMm / voxel) - 1e-9), slices, voxel, region.XMm, region.YMm);
    }

    /// <summary>A stitched volume's grid follows its tiles: --grid places one tile's.</summary>
    public static void RefuseForTiles(ReconstructionRequest request, ConeScanInputs scan)
    {
        if (request.Grid is not null)
        {
            throw new InputException($"{scan.Name}: --grid places the grid of one tile's volume; this scan's {scan.Tiles.Count} tiles are stitched on a grid of their own");
        }
    }

    /// <summary>
    /// The radius (mm) of the circle at the axis that every projection sees (a half-acquisition: that one half-turn or
    /// the other sees, its panel widened to the far side): the nearer edge column's ray's distance from the axis.
    /// </summary>
    private static double FieldRadiusMm(ConeGeometry geometry)
    {
        double half = Math.Min(geometry.PrincipalColumn, geometry.Columns - 1 - geometry.PrincipalColumn) * geometry.PixelUMm;
        return geometry.SourceToObjectMm * Math.Sin(Math.Atan(half / geometry.SourceToDetectorMm));
    }

    /// <summary>
    /// A grid asked with <c>--grid</c> that reaches more than half a voxel past what the detector sees at the axis —
    /// across (the panel's wider side from the principal point, magnified down) or in height (its rows above and below
    /// the central ray) — said with both extents; null when it lies inside.
    /// </summary>
    public static string? OutsideField(ConeGeometry geometry, ConeGrid grid)
    {
        double half = grid.VoxelMm / 2;
        double across = Math.Max(geometry.PrincipalColumn + 0.5, geometry.Columns - 0.5 - geometry.PrincipalColumn) * geometry.PixelUMm / geometry.Magnification;
        double top = (geometry.PrincipalRow + 0.5) * geometry.PixelVMm / geometry.Magnification;
        double bottom = -(geometry.Rows - 0.5 - geometry.PrincipalRow) * geometry.PixelVMm / geometry.Magnification;
        double reachX = Math.Max(Math.Abs(grid.X(0)), Math.Abs(grid.X(grid.Size - 1))) + half;
        double reachY = Math.Max(Math.Abs(grid.Y(0)), Math.Abs(grid.Y(grid.Size - 1))) + half;
        (double gridTop, double gridBottom) = (grid.Z(0) + half, grid.Z(grid.Slices - 1) - half);
        double past = new[] { reachX - across, reachY - across, gridTop - top, bottom - gridBottom }.Max();
        return past > half
            ? string.Create(CultureInfo.InvariantCulture, $"the grid (x {grid.X(0) - half:0.###} to {grid.X(grid.Size - 1) + half:0.###} mm, y {grid.Y(grid.Size - 1) - half:0.###} to {grid.Y(0) + half:0.###} mm, z {gridBottom:0.###} to {gridTop:0.###} mm) reaches {past:0.###} mm past the field the detector sees at the axis (±{across:0.###} mm across, z {bottom:0.###} to {top:0.###} mm); voxels out there see the object from only some angles, or not at all")
            : null;
    }
}
