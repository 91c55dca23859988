namespace XrayController.Reconstruction.Backprojection;

/// <summary>
/// The square slice grid: <see cref="Size"/> pixels a side, centred at pixel <see cref="Size"/>/2 (integer division), with
/// scikit-image's orientation: pixel (row i, column j) is the point x = j − Size/2, y = Size/2 − i, in detector pixels.
/// The rotation axis sits on the grid centre.
/// </summary>
public sealed record ReconstructionGrid(int Size)
{
    public int Center => Size / 2;

    public float X(int column) => column - Center;

    public float Y(int row) => Center - row;

    /// <summary>Whether a pixel lies inside the circle every projection covers (the reconstruction circle).</summary>
    public bool InCircle(int row, int column, double radius)
    {
        double x = X(column);
        double y = Y(row);
        return (x * x) + (y * y) <= radius * radius;
    }
}
