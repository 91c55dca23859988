namespace XrayController.Analysis.Segmentation;

/// <summary>
/// Labels the face-connected (6-neighbour) components of a mask: 1, 2, … in raster order of each component's first
/// voxel, 0 for background and for components smaller than a minimum size.
/// </summary>
public static class ConnectedComponents
{
    public static (int[] Labels, int Count) Label(ReadOnlySpan<bool> mask, VolumeShape shape, int minVoxels = 1)
    {
        if (mask.Length != shape.Count)
        {
            throw new ArgumentException($"mask has {mask.Length} voxels, shape {shape} has {shape.Count}", nameof(mask));
        }

        var labels = new int[shape.Count];
        var stack = new Stack<int>();
        var members = new List<int>();
        int count = 0;
        for (int seed = 0; seed < labels.Length; seed++)
        {
            if (!mask[seed] || labels[seed] != 0)
            {
                continue;
            }

            members.Clear();
            labels[seed] = -1;
            stack.Push(seed);
            while (stack.TryPop(out int voxel))
            {
                members.Add(voxel);
                foreach (int neighbour in Neighbours.Face(shape, voxel))
                {
                    if (neighbour >= 0 && mask[neighbour] && labels[neighbour] == 0)
                    {
                        labels[neighbour] = -1;
                        stack.Push(neighbour);
                    }
                }
            }

            int label = members.Count >= minVoxels ? ++count : 0;
            foreach (int voxel in members)
            {
                labels[voxel] = label;
            }
        }

        return (labels, count);
    }
}
