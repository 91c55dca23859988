using PureHDF;
using XrayController.Analysis.Xanes;

namespace XrayController.Analysis.Output;

/// <summary>
/// Writes the XANES maps and labels to an HDF5 file under <c>/xanes</c>: <c>edge_energy_ev</c> (half height, NaN
/// outside the mask), <c>edge_energy_max_derivative_ev</c> (likewise), <c>edge_jump</c>, <c>mask</c> (uint8),
/// <c>labels/fragments</c>, <c>labels/grains</c>, <c>labels/particles</c> (int32, 0 outside), <c>energy_ev</c> and
/// <c>mean_spectrum</c>, with the analysis choices and counts as attributes of <c>/xanes</c>.
/// </summary>
public static class XanesFileWriter
{
    public static void Write(string path, XanesResult result, string softwareVersion)
    {
        ArgumentNullException.ThrowIfNull(result);
        VolumeShape shape = result.Stack.Shape;
        ulong[] dims = [(ulong)shape.Depth, (ulong)shape.Height, (ulong)shape.Width];
        float[] derivative = [.. result.Maps.MaxDerivativeEv.Select((e, i) => result.EdgeMask[i] ? e : float.NaN)];
        var xanes = new H5Group
        {
            ["edge_energy_ev"] = new H5Dataset(result.EdgeEv, fileDims: dims),
            ["edge_energy_max_derivative_ev"] = new H5Dataset(derivative, fileDims: dims),
            ["edge_jump"] = new H5Dataset(result.Maps.Step, fileDims: dims),
            ["mask"] = new H5Dataset(result.EdgeMask.Select(m => m ? (byte)1 : (byte)0).ToArray(), fileDims: dims),
            ["labels"] = new H5Group
            {
                ["fragments"] = new H5Dataset(result.Segmentation.Fragments, fileDims: dims),
                ["grains"] = new H5Dataset(result.Segmentation.Grains, fileDims: dims),
                ["particles"] = new H5Dataset(result.Segmentation.Particles, fileDims: dims),
            },
            ["energy_ev"] = new H5Dataset(result.Stack.EnergiesEv.ToArray(), fileDims: [(ulong)result.Stack.EnergiesEv.Count]),
            ["mean_spectrum"] = new H5Dataset(result.MeanSpectrum, fileDims: [(ulong)result.MeanSpectrum.Length]),
        };
        xanes.Attributes = new Dictionary<string, object>
        {
            ["e0_ev"] = result.Normaliser.E0Ev,
            ["pre_edge_ev"] = new[] { result.Normaliser.Windows.PreStartEv, result.Normaliser.Windows.PreEndEv },
            ["post_edge_ev"] = new[] { result.Normaliser.Windows.PostStartEv, result.Normaliser.Windows.PostEndEv },
            ["post_edge_order"] = result.Normaliser.Windows.PostOrder,
            ["min_edge_jump"] = result.MinStep,
            ["material_threshold"] = result.Segmentation.Threshold,
            ["masked_small_jump_voxels"] = result.SmallStepVoxels,
            ["masked_no_edge_voxels"] = result.NoEdgeVoxels,
            ["non_finite_voxels"] = result.NonFiniteVoxels,
            ["voxel_size_um"] = result.Stack.VoxelSizeUm,
            ["source_file"] = result.Stack.Source,
            ["software_version"] = softwareVersion,
        };
        new H5File { ["xanes"] = xanes }.Write(path);
    }
}
