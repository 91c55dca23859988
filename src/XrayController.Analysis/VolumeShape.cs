namespace XrayController.Analysis;

/// <summary>The size of a volume stored z-major ([z, y, x], x fastest), the layout of every array in this library.</summary>
public readonly record struct VolumeShape(int Depth, int Height, int Width)
{
    public int Count => checked(Depth * Height * Width);

    public int PlaneSize => Height * Width;

    public int Index(int z, int y, int x) => (((z * Height) + y) * Width) + x;

    public (int Z, int Y, int X) Coordinates(int index)
    {
        int x = index % Width;
        int rest = index / Width;
        return (rest / Height, rest % Height, x);
    }

    public override string ToString() => $"{Depth} x {Height} x {Width}";
}
