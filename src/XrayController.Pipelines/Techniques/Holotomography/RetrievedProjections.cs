namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>
/// Every angle's phase-retrieved projection (∫δ ds, [angle][row][column] float32) kept in a file, with what the
/// retrieval decided from all of them: each distance's registration shift, the rotation axis, the resolution of the
/// middle slice (its Fourier ring correlation in pixels), the seconds each angle's retrieval took, and the pixels it
/// floored and the zingers it removed. A cluster job's preparation makes it once; each part back-projects its rows
/// from it, as a whole run does from its own scratch copy.
/// </summary>
public sealed record RetrievedProjections(
    string Path,
    double CenterPx,
    IReadOnlyList<double> ShiftRowsPx,
    IReadOnlyList<double> ShiftColumnsPx,
    double FrcResolutionPx,
    double RetrievalSecondsPerAngle,
    long FlooredPixels,
    long Zingers)
{
    /// <summary>Each distance's shift as (rows, columns).</summary>
    public (double Rows, double Columns)[] ShiftsPx => [.. ShiftRowsPx.Zip(ShiftColumnsPx)];
}
