namespace XrayController.Simulators.Physics.Holography;

/// <summary>
/// A phase sample's δ averaged over each voxel of a reconstruction's grid (2 × 2 × 2 sub-samples): slice k of a volume
/// of <c>size</c>² voxels, voxel (row i, column j) at x = (j − N/2)·p, y = (N/2 − i)·p and height ((rows − 1)/2 − k)·p on
/// the rotation axis, the grid <see cref="Spectral.XanesTruth"/> uses.
/// </summary>
public static class PhaseTruth
{
    public static float[] Delta(IPhaseSample sample, int depth, int size, double voxelMm, int detectorRows, double energyEv)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var delta = new float[depth * size * size];
        double quarter = voxelMm / 4;
        Parallel.For(0, depth, k =>
        {
            double z = (((detectorRows - 1) / 2.0) - k) * voxelMm;
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    var centre = new Vector3D((j - (size / 2)) * voxelMm, ((size / 2) - i) * voxelMm, z);
                    double sum = 0;
                    for (int s = 0; s < 8; s++)
                    {
                        var offset = new Vector3D((s & 1) == 0 ? -quarter : quarter, (s & 2) == 0 ? -quarter : quarter, (s & 4) == 0 ? -quarter : quarter);
                        sum += sample.DeltaAt(centre + offset, energyEv);
                    }

                    delta[(((k * size) + i) * size) + j] = (float)(sum / 8);
                }
            }
        });
        return delta;
    }
}
