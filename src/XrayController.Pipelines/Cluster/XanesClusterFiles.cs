using PureHDF;
using PureHDF.VOL.Native;
using XrayController.Analysis;
using XrayController.Analysis.Xanes;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// The files a XANES cluster job's steps hand on, as HDF5: the preparation's (<c>shared/preparation.h5</c>: the mean
/// attenuation, the three label volumes — the material is where a fragment is — the threshold, the counts and the
/// material's mean spectrum) and each part's edge maps (<c>slabs/slab_NNN.h5</c>: four [z, y, x] float32 volumes).
/// </summary>
internal static class XanesClusterFiles
{
    public const string PreparationName = "preparation.h5";

    public static void WritePreparation(string path, XanesPreparation prepared, VolumeShape shape)
    {
        ulong[] dims = Dims(shape);
        XanesSegmentation segmentation = prepared.Segmentation;
        var file = new H5File
        {
            ["mean_attenuation"] = new H5Dataset(prepared.MeanAttenuation, fileDims: dims),
            ["fragments"] = new H5Dataset(segmentation.Fragments, fileDims: dims),
            ["particles"] = new H5Dataset(segmentation.Particles, fileDims: dims),
            ["grains"] = new H5Dataset(segmentation.Grains, fileDims: dims),
            ["mean_spectrum"] = new H5Dataset(prepared.MeanSpectrum, fileDims: [(ulong)prepared.MeanSpectrum.Length]),
        };
        file.Attributes = new Dictionary<string, object>
        {
            ["threshold"] = segmentation.Threshold,
            ["fragment_count"] = segmentation.FragmentCount,
            ["particle_count"] = segmentation.ParticleCount,
            ["grain_count"] = segmentation.GrainCount,
            ["non_finite_voxels"] = prepared.NonFiniteVoxels,
            ["e0_ev"] = prepared.E0Ev,
        };
        file.Write(path);
    }

    public static XanesPreparation ReadPreparation(string path, VolumeShape shape)
    {
        using NativeFile file = OpenRead(path);
        int[] fragments = Volume<int>(file, "fragments", shape, path);
        var segmentation = new XanesSegmentation(
            file.Attribute("threshold").Read<float>(),
            [.. fragments.Select(label => label != 0)],
            fragments,
            file.Attribute("fragment_count").Read<int>(),
            Volume<int>(file, "particles", shape, path),
            file.Attribute("particle_count").Read<int>(),
            Volume<int>(file, "grains", shape, path),
            file.Attribute("grain_count").Read<int>());
        return new XanesPreparation(Volume<float>(file, "mean_attenuation", shape, path), file.Attribute("non_finite_voxels").Read<int>(), segmentation, file.Dataset("mean_spectrum").Read<double[]>(), file.Attribute("e0_ev").Read<double>());
    }

    public static void WriteMaps(string path, EdgeMaps maps)
    {
        ulong[] dims = Dims(maps.Shape);
        new H5File
        {
            ["half_height_ev"] = new H5Dataset(maps.HalfHeightEv, fileDims: dims),
            ["max_derivative_ev"] = new H5Dataset(maps.MaxDerivativeEv, fileDims: dims),
            ["step"] = new H5Dataset(maps.Step, fileDims: dims),
            ["half_height_variance_ev2"] = new H5Dataset(maps.HalfHeightVarianceEv2, fileDims: dims),
        }.Write(path);
    }

    /// <summary>Copies a part's maps, slices <paramref name="firstSlice"/> on of the volume, into the whole volume's <paramref name="maps"/>.</summary>
    public static void ReadMapsInto(string path, EdgeMaps maps, int firstSlice, int slices)
    {
        var shape = new VolumeShape(slices, maps.Shape.Height, maps.Shape.Width);
        using NativeFile file = OpenRead(path);
        int offset = firstSlice * shape.PlaneSize;
        foreach ((string name, float[] target) in new[] { ("half_height_ev", maps.HalfHeightEv), ("max_derivative_ev", maps.MaxDerivativeEv), ("step", maps.Step), ("half_height_variance_ev2", maps.HalfHeightVarianceEv2) })
        {
            Volume<float>(file, name, shape, path).CopyTo(target, offset);
        }
    }

    private static NativeFile OpenRead(string path) =>
        File.Exists(path) ? H5File.OpenRead(path) : throw new InputException($"{path}: no such file; rerun the step that makes it (resume the job)");

    private static T[] Volume<T>(NativeFile file, string name, VolumeShape shape, string path)
    {
        IH5Dataset dataset = file.Dataset(name);
        ulong[] dims = dataset.Space.Dimensions;
        return dims.SequenceEqual(Dims(shape))
            ? dataset.Read<T[]>()
            : throw new InputException($"{path}: {name} is [{string.Join(", ", dims)}], not [{string.Join(", ", Dims(shape))}]; rerun the step that makes it (remove it and resume the job)");
    }

    private static ulong[] Dims(VolumeShape shape) => [(ulong)shape.Depth, (ulong)shape.Height, (ulong)shape.Width];
}
