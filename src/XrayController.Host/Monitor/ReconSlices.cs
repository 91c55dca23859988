using PureHDF;
using PureHDF.Selections;
using XrayController.Reconstruction.Incremental;
using XrayController.Storage.Reading;

namespace XrayController.Host.Monitor;

/// <summary>
/// Three orthogonal slices read from a reconstruction file's volume (<c>/exchange/recon</c>, [slice][row][column]; of a
/// spectral stack [energy][slice][row][column], the volume at its highest energy, named by <c>/exchange/energy</c>), laid
/// out as the live previews are: the axial slice [row][column], and the slices at one row and at one column, each
/// [slice][position]. Only the three slices are read, never the volume.
/// </summary>
internal static class ReconSlices
{
    /// <returns>
    /// The slices through (z, y, x), or through the middles when null, and the energy of the volume they cut (null for a
    /// single volume); null when the file holds no square volume.
    /// </returns>
    public static (PreviewSlices Slices, double? EnergyEv)? Read(string reconFile, (int Z, int Y, int X)? at)
    {
        using var file = H5File.OpenRead(reconFile);
        if (!file.LinkExists("/exchange/recon"))
        {
            return null;
        }

        IH5Dataset recon = file.Dataset("/exchange/recon");
        ulong[] dims = recon.Space.Dimensions;
        (ulong[] Start, double? EnergyEv)? volume = dims.Length switch
        {
            3 => ([], null),
            4 when file.LinkExists("/exchange/energy") => Highest(ElementReader.ReadVector(file.Dataset("/exchange/energy"), $"{reconFile}: /exchange/energy"), dims[0]),
            _ => null,
        };
        if (volume is not { } chosen || dims[^1] != dims[^2])
        {
            return null;
        }

        int slices = (int)dims[^3];
        int n = (int)dims[^1];
        int rank = dims.Length;
        (int z, int y, int x) = at ?? (slices / 2, n / 2, n / 2);
        float[] Cut(ulong[] starts, ulong[] blocks) =>
            ElementReader.ReadVolume(recon, new HyperslabSelection(rank, [.. chosen.Start, .. starts], [.. Enumerable.Repeat(1UL, rank - 3), .. blocks]), reconFile);
        float[] axial = Cut([(ulong)z, 0, 0], [1, (ulong)n, (ulong)n]);
        float[] atY = Cut([0, (ulong)y, 0], [(ulong)slices, 1, (ulong)n]);
        float[] atX = Cut([0, 0, (ulong)x], [(ulong)slices, (ulong)n, 1]);
        return (new PreviewSlices(z, y, x, n, slices, axial, atY, atX, 0), chosen.EnergyEv);
    }

    private static (ulong[] Start, double? EnergyEv)? Highest(double[] energiesEv, ulong volumes)
    {
        if (energiesEv.Length == 0 || (ulong)energiesEv.Length != volumes)
        {
            return null;
        }

        int highest = Array.IndexOf(energiesEv, energiesEv.Max());
        return ([(ulong)highest], energiesEv[highest]);
    }
}
