namespace XrayController.Storage.Reading;

/// <summary>
/// One frame of a tomography file: its index in its stack, its position in the acquisition sequence (NaN when the file
/// does not say), its angle, and the conditions it was taken under (NaN energy and zero indices when not recorded).
/// </summary>
public sealed record FrameRecord(int Index, double Seq, double AngleDeg, double EnergyEv, int DistanceIndex, int TileIndex);

/// <summary>Projections, flats and darks of a slab of detector rows, each laid out [frame][row][column], as float counts.</summary>
public sealed record FrameSlab(int FirstRow, int Rows, float[] Projections, float[] Flats, float[] Darks);
