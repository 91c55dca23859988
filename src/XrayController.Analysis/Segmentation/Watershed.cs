namespace XrayController.Analysis.Segmentation;

/// <summary>
/// Marker-controlled watershed by priority flooding (Meyer 1994; Beucher and Meyer 1993): from the seeds, the lowest
/// unflooded face neighbour inside the mask is claimed next by the basin that reached it, ties going to the earliest
/// reached, so basins meet along the ridges of the elevation map. Mask voxels no seed can reach stay 0.
/// </summary>
public static class Watershed
{
    public static int[] Flood(float[] elevation, int[] markers, bool[] mask, VolumeShape shape)
    {
        ArgumentNullException.ThrowIfNull(elevation);
        ArgumentNullException.ThrowIfNull(markers);
        ArgumentNullException.ThrowIfNull(mask);
        if (elevation.Length != shape.Count || markers.Length != shape.Count || mask.Length != shape.Count)
        {
            throw new ArgumentException($"elevation, markers and mask must all have {shape.Count} voxels ({shape})", nameof(elevation));
        }

        var labels = new int[shape.Count];
        var queue = new PriorityQueue<int, long>();
        uint age = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (markers[i] != 0 && mask[i])
            {
                labels[i] = markers[i];
                queue.Enqueue(i, Key(elevation[i], age++));
            }
        }

        while (queue.TryDequeue(out int voxel, out _))
        {
            foreach (int neighbour in Neighbours.Face(shape, voxel))
            {
                if (neighbour >= 0 && mask[neighbour] && labels[neighbour] == 0)
                {
                    labels[neighbour] = labels[voxel];
                    queue.Enqueue(neighbour, Key(elevation[neighbour], age++));
                }
            }
        }

        return labels;
    }

    /// <summary>Elevation in the high half (its bits made to sort like the float), arrival order in the low half.</summary>
    private static long Key(float elevation, uint age)
    {
        int bits = BitConverter.SingleToInt32Bits(elevation);
        bits ^= (bits >> 31) & int.MaxValue;
        return ((long)bits << 32) | age;
    }
}
