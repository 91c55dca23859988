using PureHDF;
using XrayController.Pipelines.Techniques.ParallelBeam;
using XrayController.Reconstruction.Backprojection;
using XrayController.Simulators.Physics;
using XrayController.Storage.Reading;

namespace XrayController.Simulators.Truth;

/// <summary>
/// Compares the central slice of a reconstruction file with the phantom: the truth at each voxel centre is the phantom's
/// attenuation there, the grid being centred on the rotation axis as the phantom is (x = (column − N/2)·p,
/// y = (N/2 − row)·p, height = (middle detector row − row)·p).
/// </summary>
public sealed class PhantomComparison(Phantom phantom) : IPhantomTruth
{
    public SliceQuality CentralSlice(string reconFile, int detectorRows) => Slice(reconFile, detectorRows, null);

    /// <summary>
    /// Compares one slice (the central one when null). A volume that records the height of its top slice
    /// (<c>top_z_mm</c>, cone-beam and stitched volumes) is placed by it; otherwise by its first detector row.
    /// </summary>
    public SliceQuality Slice(string reconFile, int detectorRows, int? slice)
    {
        using var file = H5File.OpenRead(reconFile);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        ulong[] dims = recon.Space.Dimensions;
        int slices = (int)dims[0];
        int size = (int)dims[2];
        int firstRow = recon.Attribute("first_row").Read<int>();
        double pixelMm = recon.Attribute("voxel_size_um").Read<double>() / 1000;
        int chosen = slice ?? slices / 2;
        double height = recon.AttributeExists("top_z_mm")
            ? recon.Attribute("top_z_mm").Read<double>() - (chosen * pixelMm)
            : ((detectorRows - 1) / 2.0 - (firstRow + chosen)) * pixelMm;
        float[] values = ElementReader.ReadVolume(recon, new PureHDF.Selections.HyperslabSelection(rank: 3, starts: [(ulong)chosen, 0, 0], blocks: [1, (ulong)size, (ulong)size]), reconFile);
        var grid = new ReconstructionGrid(size);
        double sum = 0;
        double largest = 0;
        int count = 0;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                if (!grid.InCircle(i, j, (size / 2) - 2))
                {
                    continue;
                }

                double truth = phantom.AttenuationAt(new Vector3D(grid.X(j) * pixelMm, grid.Y(i) * pixelMm, height));
                double error = values[(i * size) + j] - truth;
                sum += error * error;
                largest = Math.Max(largest, truth);
                count++;
            }
        }

        double rmse = Math.Sqrt(sum / count);
        return new SliceQuality(firstRow + chosen, rmse, largest > 0 ? rmse / largest : double.NaN);
    }
}
