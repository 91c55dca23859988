using System.Runtime.Intrinsics;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Cone;

// Runs the parallel-beam back-projection kernel on awkward slice counts, and the cone-beam one on voxels from half to
// nearly three times the natural one (so a voxel column's rows advance by less than one to more than two a slice), and prints which vector widths the runtime offers and a
// checksum of every output bit. The reconstruction tests run it with and without AVX2 and hardware intrinsics
// (DOTNET_EnableAVX2=0, DOTNET_EnableHWIntrinsic=0) and compare: every path must give the same bits.
int[] sliceCounts = [1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 513];
var random = new Random(20261124);
ulong checksum = 14695981039346656037UL;
foreach (int slices in sliceCounts)
{
    const int Columns = 37;
    const int Points = 29;
    float[] filtered = [.. Enumerable.Range(0, Columns * slices).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    float[] xs = [.. Enumerable.Range(0, Points).Select(_ => (float)((random.NextDouble() * 60) - 30))];
    float[] ys = [.. Enumerable.Range(0, Points).Select(_ => (float)((random.NextDouble() * 60) - 30))];
    var output = new float[Points * slices];
    for (int angle = 0; angle < 12; angle++)
    {
        double theta = angle * Math.PI / 12;
        BackprojectionKernel.Accumulate(filtered, Columns, slices, (float)Math.Cos(theta), (float)Math.Sin(theta), 18.25f, xs, ys, output);
    }

    foreach (float value in output)
    {
        checksum = (checksum ^ BitConverter.SingleToUInt32Bits(value)) * 1099511628211UL;
    }
}

foreach (double voxelScale in new[] { 0.5, 1.0, 1.7, 2.6 })
{
    double[] angles = [.. Enumerable.Range(0, 10).Select(k => 36.0 * k)];
    var geometry = new ConeGeometry(23, 31, 100, 300, 0.2, 0.2, 0.3, -0.4, angles);
    var grid = new ConeGrid(9, 37, geometry.VoxelMm * voxelScale);
    float[] filtered = [.. Enumerable.Range(0, angles.Length * 23 * 31).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    foreach (float value in FdkBackprojector.Backproject(filtered, geometry, grid, 0.5f))
    {
        checksum = (checksum ^ BitConverter.SingleToUInt32Bits(value)) * 1099511628211UL;
    }
}

Console.WriteLine($"vector256={Vector256.IsHardwareAccelerated} vector128={Vector128.IsHardwareAccelerated} checksum={checksum:x16}");
