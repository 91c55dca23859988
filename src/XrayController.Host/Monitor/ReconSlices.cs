using PureHDF;
using PureHDF.Selections;
using XrayController.Reconstruction.Incremental;
using XrayController.Storage.Reading;

namespace XrayController.Host.Monitor;

/// <summary>
/// Three orthogonal slices read from a reconstruction file's volume (<c>/exchange/recon</c>, [slice][row][column]), laid
/// out as the live previews are: the axial slice [row][column], and the slices at one row and at one column, each
/// [slice][position]. Only the three slices are read, never the volume.
/// </summary>
internal static class ReconSlices
{
    /// <returns>The slices through (z, y, x), or through the middles when null; null when the file holds no square 3-D volume.</returns>
    public static PreviewSlices? Read(string reconFile, (int Z, int Y, int X)? at)
    {
        using var file = H5File.OpenRead(reconFile);
        if (!file.LinkExists("/exchange/recon"))
        {
            return null;
        }

        IH5Dataset recon = file.Dataset("/exchange/recon");
        ulong[] dims = recon.Space.Dimensions;
        if (dims.Length != 3 || dims[1] != dims[2])
        {
            return null;
        }

        int slices = (int)dims[0];
        int n = (int)dims[1];
        (int z, int y, int x) = at ?? (slices / 2, n / 2, n / 2);
        float[] axial = ElementReader.ReadVolume(recon, new HyperslabSelection(rank: 3, starts: [(ulong)z, 0, 0], blocks: [1, (ulong)n, (ulong)n]), reconFile);
        float[] atY = ElementReader.ReadVolume(recon, new HyperslabSelection(rank: 3, starts: [0, (ulong)y, 0], blocks: [(ulong)slices, 1, (ulong)n]), reconFile);
        float[] atX = ElementReader.ReadVolume(recon, new HyperslabSelection(rank: 3, starts: [0, 0, (ulong)x], blocks: [(ulong)slices, (ulong)n, 1]), reconFile);
        return new PreviewSlices(z, y, x, n, slices, axial, atY, atX, 0);
    }
}
