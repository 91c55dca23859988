using PureHDF;
using XrayController.Storage.Reading;

namespace XrayController.Storage.Tests;

/// <summary>
/// A Data Exchange file converted from elsewhere with energies on its projections (/exchange/energy) and none on its
/// flats: at one energy the flats are taken at it; at several the file is refused, naming the missing dataset.
/// </summary>
public sealed class ForeignEnergyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("foreign-energy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void At_one_energy_the_flats_are_taken_at_it()
    {
        using TomographyFile file = TomographyFileReader.Open(Write("one.h5", [8333, 8333]));

        Assert.All(file.Flats, f => Assert.Equal(8333, f.EnergyEv));
        Assert.All(file.Darks, f => Assert.True(double.IsNaN(f.EnergyEv), "darks without energies serve every energy"));
    }

    [Fact]
    public void At_several_energies_the_file_is_refused_naming_what_is_missing()
    {
        string path = Write("two.h5", [8300, 8400]);

        var refused = Assert.Throws<InvalidDataException>(() => TomographyFileReader.Open(path));

        Assert.Equal("two.h5: the projections were taken at 2 energies (/exchange/energy) but /exchange/energy_white is missing, so no flat can be matched to its energy; write each one's energy (eV) there", refused.Message);
    }

    private string Write(string name, double[] energies)
    {
        string path = Path.Combine(_directory, name);
        ushort[] Frames(int count) => [.. Enumerable.Repeat((ushort)1000, count * 4 * 4)];
        new H5File
        {
            ["exchange"] = new H5Group
            {
                ["data"] = new H5Dataset(Frames(2), fileDims: [2, 4, 4]),
                ["data_white"] = new H5Dataset(Frames(1), fileDims: [1, 4, 4]),
                ["data_dark"] = new H5Dataset(Frames(1), fileDims: [1, 4, 4]),
                ["theta"] = new[] { 0.0, 90.0 },
                ["energy"] = energies,
            },
        }.Write(path);
        return path;
    }
}
