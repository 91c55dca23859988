using XrayController.Analysis.Segmentation;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// Primary grains, fragment by fragment: in each fragment's bounding box (one voxel wider where the volume allows) the
/// distance map inside the fragment, its peaks as seeds, and the watershed of the inverted map. A grain never crosses
/// a fragment, so this is the whole volume's watershed with seeds that compete only within their fragment, and the
/// scratch is one box's, not the volume's. The nearest voxel outside a fragment always lies in that box (a voxel one
/// step nearer is inside the fragment), so the distances are the whole volume's. Grains are numbered 1 … N in raster
/// order of their first voxel.
/// </summary>
internal static class FragmentGrains
{
    public static (int[] Grains, int Count) Split(int[] fragments, int fragmentCount, VolumeShape shape, XanesOptions options, long? budgetBytes, string source)
    {
        Box[] boxes = Boxes(fragments, fragmentCount, shape);
        Box largest = boxes.Skip(1).MaxBy(b => b.Shape.Count)!;
        XanesMemory.CheckFragmentBox(shape, largest.Shape, largest.Voxels, budgetBytes, source);
        var grains = new int[shape.Count];
        int next = 0;
        for (int label = 1; label <= fragmentCount; label++)
        {
            next += Flood(fragments, label, boxes[label], shape, options, grains, next);
        }

        return Renumber(grains);
    }

    /// <summary>Floods one fragment's box and writes its grains as <paramref name="first"/> + 1 …; returns how many seeds it had.</summary>
    private static int Flood(int[] fragments, int label, Box box, VolumeShape shape, XanesOptions options, int[] grains, int first)
    {
        VolumeShape local = box.Shape;
        var mask = new bool[local.Count];
        ForEach(box, shape, (inBox, inVolume) => mask[inBox] = fragments[inVolume] == label);
        float[] distance = EuclideanDistance.InsideDistance(mask, local);
        (int[] markers, int count) = PeakMarkers.Find(distance, local, options.GrainSeedRadiusVoxels, options.MinGrainRadiusVoxels);
        for (int i = 0; i < distance.Length; i++)
        {
            distance[i] = -distance[i];
        }

        int[] basins = Watershed.Flood(distance, markers, mask, local);
        ForEach(box, shape, (inBox, inVolume) =>
        {
            if (basins[inBox] != 0)
            {
                grains[inVolume] = first + basins[inBox];
            }
        });
        return count;
    }

    private static void ForEach(Box box, VolumeShape shape, Action<int, int> visit)
    {
        int inBox = 0;
        for (int z = box.Z; z < box.Z + box.Shape.Depth; z++)
        {
            for (int y = box.Y; y < box.Y + box.Shape.Height; y++)
            {
                int row = shape.Index(z, y, box.X);
                for (int x = 0; x < box.Shape.Width; x++)
                {
                    visit(inBox++, row + x);
                }
            }
        }
    }

    /// <summary>Each label's bounding box grown by one voxel within the volume (index 0 unused), with its voxel count.</summary>
    private static Box[] Boxes(int[] labels, int count, VolumeShape shape)
    {
        var low = new (int Z, int Y, int X)[count + 1];
        var high = new (int Z, int Y, int X)[count + 1];
        var voxels = new int[count + 1];
        Array.Fill(low, (int.MaxValue, int.MaxValue, int.MaxValue));
        Array.Fill(high, (-1, -1, -1));
        for (int z = 0; z < shape.Depth; z++)
        {
            for (int y = 0; y < shape.Height; y++)
            {
                int row = shape.Index(z, y, 0);
                for (int x = 0; x < shape.Width; x++)
                {
                    int label = labels[row + x];
                    if (label != 0)
                    {
                        voxels[label]++;
                        low[label] = (Math.Min(low[label].Z, z), Math.Min(low[label].Y, y), Math.Min(low[label].X, x));
                        high[label] = (Math.Max(high[label].Z, z), Math.Max(high[label].Y, y), Math.Max(high[label].X, x));
                    }
                }
            }
        }

        var boxes = new Box[count + 1];
        boxes[0] = new Box(0, 0, 0, new VolumeShape(0, 0, 0), 0);
        for (int label = 1; label <= count; label++)
        {
            int z0 = Math.Max(0, low[label].Z - 1);
            int y0 = Math.Max(0, low[label].Y - 1);
            int x0 = Math.Max(0, low[label].X - 1);
            int z1 = Math.Min(shape.Depth - 1, high[label].Z + 1);
            int y1 = Math.Min(shape.Height - 1, high[label].Y + 1);
            int x1 = Math.Min(shape.Width - 1, high[label].X + 1);
            boxes[label] = new Box(z0, y0, x0, new VolumeShape(z1 - z0 + 1, y1 - y0 + 1, x1 - x0 + 1), voxels[label]);
        }

        return boxes;
    }

    /// <summary>Labels 1 … N in order of first appearance, with no gaps (seeds in discarded specks leave none).</summary>
    private static (int[] Labels, int Count) Renumber(int[] labels)
    {
        var map = new Dictionary<int, int>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 0)
            {
                if (!map.TryGetValue(labels[i], out int label))
                {
                    label = map.Count + 1;
                    map[labels[i]] = label;
                }

                labels[i] = label;
            }
        }

        return (labels, map.Count);
    }

    private sealed record Box(int Z, int Y, int X, VolumeShape Shape, int Voxels);
}
