using XrayController.Analysis;
using XrayController.Reconstruction.Cone;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>One tile's volume in its scratch file (float32), read a slab of slices at a time for the stitching.</summary>
internal sealed class TileFile(VolumeFile volume, double topZMm) : ITileSlices, IDisposable
{
    public int Slices => volume.Shape.Depth;

    public double TopZMm => topZMm;

    public ReadOnlyMemory<float> Read(int first, int count) => volume.Slices(first, count);

    public void Release() => volume.ReleaseSlab();

    public void Dispose() => volume.Dispose();
}
