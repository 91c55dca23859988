namespace XrayController.Simulators.Physics.Spectral;

/// <summary>
/// A XANES phantom sampled on a reconstruction's voxel grid: the grain at each voxel centre (0 for none), the edge energy
/// there (NaN for none), and the share of the voxel inside a grain (from 2 × 2 × 2 sub-samples). The grid is the
/// reconstruction's: slice k of a volume starting at detector row r0, voxel (row i, column j) at
/// x = (j − N/2)·p, y = (N/2 − i)·p, height ((rows − 1)/2 − (r0 + k))·p − Δz, on the rotation axis, where Δz is how far
/// the sample stood raised while the reconstruction's reference images were taken (a detector row shows the sample
/// that much lower).
/// </summary>
public sealed record XanesTruth(int Depth, int Size, int[] Grain, float[] EdgeEv, float[] Occupancy)
{
    public static XanesTruth Sample(XanesPhantom phantom, int depth, int size, double voxelMm, int firstRow, int detectorRows, double raisedMm = 0)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        int count = depth * size * size;
        var grain = new int[count];
        var edge = new float[count];
        var occupancy = new float[count];
        Parallel.For(0, depth, k =>
        {
            double z = ((((detectorRows - 1) / 2.0) - (firstRow + k)) * voxelMm) - raisedMm;
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    int index = (((k * size) + i) * size) + j;
                    var centre = new Vector3D((j - (size / 2)) * voxelMm, ((size / 2) - i) * voxelMm, z);
                    XanesGrain? at = phantom.GrainAt(centre);
                    grain[index] = at?.Id ?? 0;
                    edge[index] = at is null ? float.NaN : (float)at.EdgeAt(centre);
                    occupancy[index] = ShareInside(phantom, centre, voxelMm);
                }
            }
        });
        return new XanesTruth(depth, size, grain, edge, occupancy);
    }

    private static float ShareInside(XanesPhantom phantom, Vector3D centre, double voxelMm)
    {
        int inside = 0;
        double quarter = voxelMm / 4;
        foreach (double dz in (ReadOnlySpan<double>)[-quarter, quarter])
        {
            foreach (double dy in (ReadOnlySpan<double>)[-quarter, quarter])
            {
                foreach (double dx in (ReadOnlySpan<double>)[-quarter, quarter])
                {
                    inside += phantom.GrainAt(centre + new Vector3D(dx, dy, dz)) is null ? 0 : 1;
                }
            }
        }

        return inside / 8f;
    }
}
