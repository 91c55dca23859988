using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace XrayController.Storage;

/// <summary>
/// Writes reconstructed slices as a TIFF stack, one 32-bit floating-point grey image per slice
/// (<c>slice_00000.tiff</c> …), as ImageJ/Fiji and most tomography viewers read them.
/// </summary>
public sealed class TiffStackWriter
{
    private readonly string _directory;
    private readonly int _size;

    public TiffStackWriter(string directory, int size)
    {
        _directory = directory;
        _size = size;
        Directory.CreateDirectory(directory);
    }

    public static string SliceName(int slice) => string.Create(CultureInfo.InvariantCulture, $"slice_{slice:00000}.tiff");

    /// <summary>Writes slices <c>firstSlice …</c> from a [slice][row][column] block.</summary>
    public void Write(int firstSlice, float[] slab)
    {
        ArgumentNullException.ThrowIfNull(slab);
        int sliceLength = _size * _size;
        var row = new byte[_size * sizeof(float)];
        for (int s = 0; s < slab.Length / sliceLength; s++)
        {
            string path = Path.Combine(_directory, SliceName(firstSlice + s));
            using Tiff tiff = Tiff.Open(path, "w") ?? throw new IOException($"cannot create {path}");
            tiff.SetField(TiffTag.IMAGEWIDTH, _size);
            tiff.SetField(TiffTag.IMAGELENGTH, _size);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 32);
            tiff.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.IEEEFP);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tiff.SetField(TiffTag.ROWSPERSTRIP, _size);
            for (int r = 0; r < _size; r++)
            {
                Buffer.BlockCopy(slab, ((s * sliceLength) + (r * _size)) * sizeof(float), row, 0, row.Length);
                tiff.WriteScanline(row, r);
            }
        }
    }
}
