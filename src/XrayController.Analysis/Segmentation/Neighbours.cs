namespace XrayController.Analysis.Segmentation;

/// <summary>The six face neighbours of a voxel, −1 where the volume ends.</summary>
internal static class Neighbours
{
    public static FaceNeighbours Face(VolumeShape shape, int index) => new(shape, index);

    internal readonly struct FaceNeighbours(VolumeShape shape, int index)
    {
        public Enumerator GetEnumerator() => new(shape, index);

        internal struct Enumerator(VolumeShape shape, int index)
        {
            private readonly int _x = index % shape.Width;
            private readonly int _y = index / shape.Width % shape.Height;
            private readonly int _z = index / shape.PlaneSize;
            private int _k = -1;

            public readonly int Current => _k switch
            {
                0 => _x > 0 ? index - 1 : -1,
                1 => _x < shape.Width - 1 ? index + 1 : -1,
                2 => _y > 0 ? index - shape.Width : -1,
                3 => _y < shape.Height - 1 ? index + shape.Width : -1,
                4 => _z > 0 ? index - shape.PlaneSize : -1,
                _ => _z < shape.Depth - 1 ? index + shape.PlaneSize : -1,
            };

            public bool MoveNext() => ++_k < 6;
        }
    }
}
