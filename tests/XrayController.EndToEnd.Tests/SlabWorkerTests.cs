using System.Text.Json;
using PureHDF;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// Live slab workers (<c>xrayctl live --connect EP --rows A:B</c>): two workers on the demo scan's stream, each
/// reconstructing half the detector rows, give between them the offline volume of the scan file (the same axis, the
/// flats before each projection) bit for bit; a worker whose rows do not pair for filtering is refused.
/// </summary>
public sealed class SlabWorkerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-workers-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (float[] Values, int FirstRow) Volume(string path)
    {
        using var file = H5File.OpenRead(path);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        return (recon.Read<float[]>(), recon.Attribute("first_row").Read<int>());
    }

    [Fact]
    public async Task Two_workers_rows_are_the_offline_volume_bit_for_bit()
    {
        string endpoint = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        string[] outputs = [Path.Combine(_directory, "rows_0_64.h5"), Path.Combine(_directory, "rows_64_128.h5")];
        Task<ProcessRun> top = Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "0:64", "--out", outputs[0], "--json");
        Task<ProcessRun> bottom = Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "64:128", "--out", outputs[1], "--json");
        Task<ProcessRun> odd = Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "1:64");

        ProcessRun scan = await Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", endpoint, "--wait-subscribers", "3", "--speed", "10", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        ProcessRun[] workers = await Task.WhenAll(top, bottom);
        Assert.All(workers, w => Assert.True(w.ExitCode == 0, w.Error));
        double center = JsonDocument.Parse(workers[0].Output).RootElement.GetProperty("center_px").GetDouble();
        ProcessRun refused = await odd;
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("rows are filtered in pairs", refused.Error, StringComparison.Ordinal);

        string raw = JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
        string offline = Path.Combine(_directory, "offline.h5");
        ProcessRun recon = await Xrayctl.RunAsync("recon", raw, "--flats", "preceding", "--center", center.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--out", offline);
        Assert.True(recon.ExitCode == 0, recon.Error);

        (float[] first, int firstRow) = Volume(outputs[0]);
        (float[] second, int secondRow) = Volume(outputs[1]);
        Assert.Equal((0, 64), (firstRow, secondRow));
        Assert.Equal(Volume(offline).Values, first.Concat(second).ToArray());
    }
}
