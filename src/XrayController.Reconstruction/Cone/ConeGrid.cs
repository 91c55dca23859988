namespace XrayController.Reconstruction.Cone;

/// <summary>
/// The voxel grid of a cone-beam reconstruction: <c>Size</c>² voxels a slice (x, y centred on the rotation axis as
/// <see cref="Backprojection.ReconstructionGrid"/> centres them: x = (j − Size/2)·voxel, y = (Size/2 − i)·voxel) and
/// <c>Slices</c> slices with z = ((Slices − 1)/2 − k)·voxel + <c>CenterZMm</c> (slice 0 at the top).
/// </summary>
public sealed record ConeGrid(int Size, int Slices, double VoxelMm, double CenterZMm = 0)
{
    public double X(int column) => (column - (Size / 2)) * VoxelMm;

    public double Y(int row) => ((Size / 2) - row) * VoxelMm;

    public double Z(int slice) => ((((Slices - 1) / 2.0) - slice) * VoxelMm) + CenterZMm;
}
