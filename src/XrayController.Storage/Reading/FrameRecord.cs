namespace XrayController.Storage.Reading;

/// <summary>
/// One frame of a tomography file: its index in its stack, its position in the acquisition sequence (NaN when the file
/// does not say), its angle, and the conditions it was taken under (NaN energy and zero indices when not recorded).
/// </summary>
/// <param name="Magnification">The image magnification this program logged for the frame (NaN when unknown or constant).</param>
public sealed record FrameRecord(int Index, double Seq, double AngleDeg, double EnergyEv, int DistanceIndex, int TileIndex, double Magnification = double.NaN);

/// <summary>Projections, flats and darks of a slab of detector rows, each laid out [frame][row][column], as float counts.</summary>
public sealed record FrameSlab(int FirstRow, int Rows, float[] Projections, float[] Flats, float[] Darks);
