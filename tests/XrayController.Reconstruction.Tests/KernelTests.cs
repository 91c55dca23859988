using System.Diagnostics;
using XrayController.Reconstruction.Backprojection;
using XrayController.Tests.Shared;

namespace XrayController.Reconstruction.Tests;

public class KernelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(513)]
    public void Vector_and_remainder_paths_give_the_scalar_bits(int slices)
    {
        var random = new Random(slices);
        float[] pair = [.. Enumerable.Range(0, 2 * slices).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        float[] accumulated = [.. Enumerable.Range(0, slices).Select(_ => (float)random.NextDouble())];
        float[] expected = [.. accumulated];
        const float Weight = 0.3717f;

        BackprojectionKernel.AddInterpolated(pair, Weight, accumulated);
        for (int k = 0; k < slices; k++)
        {
            expected[k] += pair[k] + (Weight * (pair[slices + k] - pair[k]));
        }

        Assert.Equal(expected.Select(BitConverter.SingleToUInt32Bits), accumulated.Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void Points_outside_the_detector_receive_nothing_and_the_last_column_is_reached()
    {
        float[] filtered = [1, 2, 3, 4, 5];
        float[] xs = [-3.0f, 4.0f, 4.5f, 1.25f];
        float[] ys = [0, 0, 0, 0];
        var output = new float[4];

        BackprojectionKernel.Accumulate(filtered, columns: 5, slices: 1, cos: 1, sin: 0, center: 0, xs, ys, output);

        Assert.Equal([0f, 5f, 0f, 2.25f], output);
    }

    [Fact]
    public void The_kernel_gives_the_same_bits_with_avx2_with_sse_only_and_with_no_vector_instructions()
    {
        string dll = Path.Combine(RepositoryPaths.Root, "tests", "XrayController.Reconstruction.SimdCheck", "bin", Configuration(), "net10.0", "XrayController.Reconstruction.SimdCheck.dll");

        string full = Run(dll, []);
        string noAvx2 = Run(dll, [("DOTNET_EnableAVX2", "0")]);
        string scalar = Run(dll, [("DOTNET_EnableHWIntrinsic", "0")]);

        Assert.Contains("vector128=False", scalar, StringComparison.Ordinal);
        Assert.Contains("vector256=False vector128=True", noAvx2, StringComparison.Ordinal);
        string Checksum(string output) => output[output.IndexOf("checksum=", StringComparison.Ordinal)..].Trim();
        Assert.Equal(Checksum(full), Checksum(noAvx2));
        Assert.Equal(Checksum(full), Checksum(scalar));
    }

    private static string Configuration() => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    private static string Run(string dll, (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
