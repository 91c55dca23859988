namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>
/// What a holotomography reconstruction did: the retrieval (<c>paganin</c> or <c>ctf</c>, with δ/β when used), the
/// distances it combined and the one whose grid they were brought onto, each distance's registration shift (rows,
/// columns, in pixels of that grid) after magnification rescaling, the pixel at the sample, and the resolution by
/// Fourier ring correlation of the middle slice reconstructed from even and odd projections (period in pixels and µm).
/// </summary>
public sealed record PhaseReport(
    string Method,
    double? DeltaBeta,
    IReadOnlyList<int> Distances,
    int ReferenceDistance,
    IReadOnlyList<(double Rows, double Columns)> ShiftsPx,
    double PixelUm,
    double FrcResolutionPx,
    double RetrievalSecondsPerAngle)
{
    public double FrcResolutionUm => FrcResolutionPx * PixelUm;
}
