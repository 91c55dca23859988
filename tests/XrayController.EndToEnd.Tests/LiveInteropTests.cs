using System.Diagnostics;
using System.Text.Json;
using PureHDF;

namespace XrayController.EndToEnd.Tests;

/// <summary>A stream published by Python (pyzmq + cbor2) from data h5py also wrote: xrayctl live and xrayctl recon agree.</summary>
public sealed class LiveInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-live-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task Live_reconstruction_of_a_python_stream_equals_the_offline_one_of_its_file()
    {
        await Python.RequireAsync("zmq", "cbor2", "numpy", "h5py");
        string endpoint = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        string raw = Path.Combine(_directory, "discs.h5");
        using Process publisher = ProcessRun.Start(Python.Interpreter, [Python.Script("publish_sinogram.py"), endpoint, raw]);

        ProcessRun live = await Xrayctl.RunAsync("live", "--connect", endpoint, "--out", Path.Combine(_directory, "live.h5"), "--json");
        await publisher.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        ProcessRun offline = await Xrayctl.RunAsync("recon", raw, "--center", "31.5", "--flats", "preceding", "--out", Path.Combine(_directory, "offline.h5"));

        Assert.True(live.ExitCode == 0, live.Error);
        Assert.Equal(0, publisher.ExitCode);
        Assert.True(offline.ExitCode == 0, offline.Error);
        JsonElement summary = JsonDocument.Parse(live.Output).RootElement;
        Assert.Equal("live volume", summary.GetProperty("outcome").GetString());
        Assert.Equal(99, summary.GetProperty("frames").GetProperty("received").GetInt64());
        Assert.Equal(0, summary.GetProperty("frames").GetProperty("transport_gaps").GetInt64());
        float[] liveVolume = Volume(Path.Combine(_directory, "live.h5"));
        float[] offlineVolume = Volume(Path.Combine(_directory, "offline.h5"));
        Assert.Equal(offlineVolume, liveVolume);

        // The big disc's attenuation, 0.02 per pixel, at the centre of the top slice (grid centre 32, the disc's at the axis).
        Assert.InRange(liveVolume[(32 * 64) + 32], 0.018, 0.022);
    }

    [SkippableFact]
    public async Task An_nxtomo_file_written_by_h5py_reconstructs_like_the_data_exchange_file()
    {
        await Python.RequireAsync("zmq", "cbor2", "numpy", "h5py");
        string endpoint = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        string dataExchange = Path.Combine(_directory, "discs.h5");
        string nxtomo = Path.Combine(_directory, "discs_nx.h5");
        using (Process publisher = ProcessRun.Start(Python.Interpreter, [Python.Script("publish_sinogram.py"), endpoint, dataExchange]))
        {
            await Xrayctl.RunAsync("live", "--connect", endpoint, "--out", Path.Combine(_directory, "ignored.h5"));
            await publisher.WaitForExitAsync();
        }

        ProcessRun convert = await ProcessRun.RunAsync(Python.Interpreter, [Python.Script("write_nxtomo.py"), dataExchange, nxtomo], TimeSpan.FromMinutes(1));
        Assert.True(convert.ExitCode == 0, convert.Error);

        ProcessRun fromDx = await Xrayctl.RunAsync("recon", dataExchange, "--center", "31.5", "--out", Path.Combine(_directory, "dx_recon.h5"));
        ProcessRun fromNx = await Xrayctl.RunAsync("recon", nxtomo, "--center", "31.5", "--out", Path.Combine(_directory, "nx_recon.h5"));

        Assert.True(fromDx.ExitCode == 0, fromDx.Error);
        Assert.True(fromNx.ExitCode == 0, fromNx.Error);
        float[] dx = Volume(Path.Combine(_directory, "dx_recon.h5"));
        float[] nx = Volume(Path.Combine(_directory, "nx_recon.h5"));
        Assert.Equal(dx.Length, nx.Length);
        Assert.True(dx.Zip(nx).Max(p => Math.Abs(p.First - p.Second)) <= 1e-5 * (dx.Max() - dx.Min()), "the two layouts reconstruct differently");
    }

    private static float[] Volume(string path)
    {
        using var file = H5File.OpenRead(path);
        return file.Dataset("/exchange/recon").Read<float[]>();
    }
}
