using XrayController.Core.Diagnostics;

namespace XrayController.Analysis;

/// <summary>The size of a volume stored z-major ([z, y, x], x fastest), the layout of every array in this library.</summary>
public readonly record struct VolumeShape(int Depth, int Height, int Width)
{
    public int Count => checked(Depth * Height * Width);

    /// <summary>The voxel count of a volume of any size (<see cref="Count"/> is for one that an array holds).</summary>
    public long Voxels => (long)Depth * Height * Width;

    /// <summary>Whether one array holds the volume (analyses that keep per-voxel results in memory need that).</summary>
    public bool FitsOneArray => Voxels <= Array.MaxLength;

    public int PlaneSize => Height * Width;

    /// <summary>Refuses, as bad input, a volume one array cannot hold for <paramref name="what"/>, which keeps per-voxel results whole.</summary>
    public static void RequireOneArray(VolumeShape shape, string what)
    {
        if (!shape.FitsOneArray)
        {
            throw new InputException($"{what} keeps its per-voxel results whole, and {shape} = {shape.Voxels} voxels are more than one array holds ({Array.MaxLength}): bin the volume (each axis by 2 gives an eighth)");
        }
    }

    public int Index(int z, int y, int x) => (((z * Height) + y) * Width) + x;

    public (int Z, int Y, int X) Coordinates(int index)
    {
        int x = index % Width;
        int rest = index / Width;
        return (rest / Height, rest % Height, x);
    }

    public override string ToString() => $"{Depth} x {Height} x {Width}";
}
