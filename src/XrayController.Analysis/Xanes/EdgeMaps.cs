namespace XrayController.Analysis.Xanes;

/// <summary>Per-voxel results of the edge analysis, each a [z, y, x] volume of the stack's shape.</summary>
/// <param name="HalfHeightEv">Edge energy at half height of the normalised edge (NaN: no rising crossing).</param>
/// <param name="MaxDerivativeEv">Edge energy at the maximum of the derivative.</param>
/// <param name="Step">Edge step (jump): post(E0) − pre(E0), in the stack's attenuation units.</param>
public sealed record EdgeMaps(VolumeShape Shape, float[] HalfHeightEv, float[] MaxDerivativeEv, float[] Step)
{
    /// <summary>The bytes the maps take per voxel: four float32 volumes.</summary>
    public const int BytesPerVoxel = 4 * sizeof(float);

    /// <summary>The variance of each half-height energy (eV²) implied by the voxel's own noise; NaN where it cannot be told.</summary>
    public float[] HalfHeightVarianceEv2 { get; init; } = [];

    /// <summary>Maps of a shape, to be filled slab by slab.</summary>
    public static EdgeMaps Allocate(VolumeShape shape) =>
        new(shape, new float[shape.Count], new float[shape.Count], new float[shape.Count]) { HalfHeightVarianceEv2 = new float[shape.Count] };
}
