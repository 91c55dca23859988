using PureHDF;
using XrayController.Host.Monitor;

namespace XrayController.Host.Tests.Monitor;

/// <summary>The slices the page shows after a scan, read from the reconstruction file: a volume's, or a spectral stack's at its highest energy.</summary>
public sealed class ReconSlicesTests : IDisposable
{
    private const int Slices = 3;
    private const int Size = 4;
    private readonly string _directory = Directory.CreateTempSubdirectory("recon-slices-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_spectral_stack_is_cut_at_its_highest_energy_and_a_volume_as_it_is()
    {
        double[] energies = [8300, 8500, 8400];
        string stack = Write("stack.h5", energies.Length, energies);
        string volume = Write("volume.h5", 1, null);

        (var spectral, double? energy) = ReconSlices.Read(stack, (2, 1, 3))!.Value;
        (var single, double? none) = ReconSlices.Read(volume, null)!.Value;

        Assert.Equal(8500, energy);
        Assert.Null(none);
        Assert.Equal([.. Enumerable.Range(0, Size * Size).Select(i => Value(1, 2, i / Size, i % Size))], spectral.Axial);
        Assert.Equal([.. Enumerable.Range(0, Slices * Size).Select(i => Value(1, i / Size, 1, i % Size))], spectral.AtConstantY);
        Assert.Equal([.. Enumerable.Range(0, Slices * Size).Select(i => Value(1, i / Size, i % Size, 3))], spectral.AtConstantX);
        Assert.Equal((1, 2, 2), (single.Z, single.Y, single.X));
        Assert.Equal([.. Enumerable.Range(0, Size * Size).Select(i => Value(0, 1, i / Size, i % Size))], single.Axial);
    }

    [Fact]
    public void A_stack_whose_energies_do_not_match_its_volumes_is_not_shown()
    {
        Assert.Null(ReconSlices.Read(Write("short.h5", 3, [8300, 8400]), null));
    }

    private static float Value(int energy, int z, int y, int x) => (energy * 1000) + (z * 100) + (y * 10) + x;

    private string Write(string name, int volumes, double[]? energies)
    {
        float[] values = [.. Enumerable.Range(0, volumes * Slices * Size * Size).Select(i => Value(i / (Slices * Size * Size), i / (Size * Size) % Slices, i / Size % Size, i % Size))];
        ulong[] dims = energies is null ? [Slices, Size, Size] : [(ulong)volumes, Slices, Size, Size];
        var exchange = new H5Group { ["recon"] = new H5Dataset(values, fileDims: dims) };
        if (energies is not null)
        {
            exchange["energy"] = energies;
        }

        string path = Path.Combine(_directory, name);
        new H5File { ["exchange"] = exchange }.Write(path);
        return path;
    }
}
