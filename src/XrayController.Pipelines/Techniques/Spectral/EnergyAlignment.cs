using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Pipelines.Techniques.Spectral;

/// <summary>
/// Registers each energy's projections onto the reference energy's (sub-pixel, <see cref="ImageRegistration"/>), on
/// every fourth projection of the same angles: the shapes are the same at every energy and only the contrast changes
/// across the edge, so the correlation peak sits at the image's wander (a zone plate or condenser slightly off the axis
/// moves the image when it refocuses). Energies with another number of projections are not registered.
/// </summary>
internal sealed class EnergyAlignment
{
    private const int Stride = 4;

    private readonly int _projections;
    private readonly int _rows;
    private readonly int _columns;
    private readonly ImageRegistration _registration;

    /// <param name="reference">The reference energy's line integrals at the reference magnification, [projection][row][column].</param>
    public EnergyAlignment(float[] reference, int projections, int rows, int columns)
    {
        _projections = projections;
        _rows = rows;
        _columns = columns;
        _registration = new ImageRegistration([.. Sampled(projections).Select(p => reference[(p * rows * columns)..((p + 1) * rows * columns)])], rows, columns);
    }

    /// <summary>How far an energy's images lie from the reference's after rescaling by <paramref name="scale"/>, or null when it cannot be told.</summary>
    public (double Rows, double Columns)? ShiftOf(float[] corrected, int projections, double scale)
    {
        if (projections != _projections)
        {
            return null;
        }

        int frame = _rows * _columns;
        return _registration.ShiftOf([.. Sampled(projections).Select(p => Magnification.Rescale(corrected.AsSpan(p * frame, frame), _rows, _columns, scale))]);
    }

    private static IEnumerable<int> Sampled(int projections) => Enumerable.Range(0, projections).Where(p => p % Stride == 0);
}
