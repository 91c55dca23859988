using XrayController.Core.Plans;

namespace XrayController.Reconstruction.Incremental;

/// <summary>
/// What the live reconstruction needs before the first frame (from the stream's start message): frame shape, rotation
/// axis, pixel size (NaN when unknown), the number of projections expected, the filter, and whether the whole volume
/// is kept (rows × columns² floats) besides the three preview slices.
/// </summary>
public sealed record LiveGeometry(int Rows, int Columns, double CenterPx, double PixelSizeMm, int ExpectedProjections, ReconstructionFilter Filter, bool FullVolume);

/// <summary>Three orthogonal slices through the growing volume: an axial slice (constant row z) and two vertical ones (constant x column and constant y row of the slice grid), in μ units.</summary>
public sealed record PreviewSlices(int Z, int Y, int X, int Size, int Rows, float[] Axial, float[] AtConstantY, float[] AtConstantX, int Projections);
