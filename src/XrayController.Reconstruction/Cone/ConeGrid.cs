namespace XrayController.Reconstruction.Cone;

/// <summary>
/// The voxel grid of a cone-beam reconstruction: <c>Size</c>² voxels a slice around (<c>CenterXMm</c>,
/// <c>CenterYMm</c>) — the rotation axis unless a region of interest is reconstructed — as
/// <see cref="Backprojection.ReconstructionGrid"/> lays them out: x = (j − Size/2)·voxel + centre x,
/// y = (Size/2 − i)·voxel + centre y; and <c>Slices</c> slices with z = ((Slices − 1)/2 − k)·voxel + centre z (slice 0
/// at the top).
/// </summary>
public sealed record ConeGrid(int Size, int Slices, double VoxelMm, double CenterXMm = 0, double CenterYMm = 0, double CenterZMm = 0)
{
    public double X(int column) => ((column - (Size / 2)) * VoxelMm) + CenterXMm;

    public double Y(int row) => (((Size / 2) - row) * VoxelMm) + CenterYMm;

    public double Z(int slice) => ((((Slices - 1) / 2.0) - slice) * VoxelMm) + CenterZMm;

    /// <summary>
    /// The grid of <paramref name="size"/>² × <paramref name="slices"/> voxels whose lowest x, y and z voxel centres
    /// are at <paramref name="originMm"/> (RTK's and plastimatch's origin: the first voxel's centre, the axes growing
    /// from it).
    /// </summary>
    public static ConeGrid FromOrigin(int size, int slices, double voxelMm, (double X, double Y, double Z) originMm) =>
        new(size, slices, voxelMm, originMm.X + ((size / 2) * voxelMm), originMm.Y + ((size - 1 - (size / 2)) * voxelMm), originMm.Z + ((slices - 1) / 2.0 * voxelMm));

    /// <summary>The centre of the lowest x, y and z voxel (<see cref="FromOrigin"/>).</summary>
    public (double X, double Y, double Z) OriginMm => (X(0), Y(Size - 1), Z(Slices - 1));
}
