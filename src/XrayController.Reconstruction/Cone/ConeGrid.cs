namespace XrayController.Reconstruction.Cone;

/// <summary>
/// The voxel grid of a cone-beam reconstruction: <c>Size</c>² voxels a slice around (<c>CenterXMm</c>,
/// <c>CenterYMm</c>) — the rotation axis unless a region of interest is reconstructed — as
/// <see cref="Backprojection.ReconstructionGrid"/> lays them out: x = (j − Size/2)·voxel + centre x,
/// y = (Size/2 − i)·voxel + centre y; and <c>Slices</c> slices with z = ((Slices − 1)/2 − k)·voxel (slice 0 at the top).
/// </summary>
public sealed record ConeGrid(int Size, int Slices, double VoxelMm, double CenterXMm = 0, double CenterYMm = 0)
{
    public double X(int column) => ((column - (Size / 2)) * VoxelMm) + CenterXMm;

    public double Y(int row) => (((Size / 2) - row) * VoxelMm) + CenterYMm;

    public double Z(int slice) => (((Slices - 1) / 2.0) - slice) * VoxelMm;
}
