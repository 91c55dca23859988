using PureHDF;
using PureHDF.Selections;
using XrayController.Storage.Reading;

namespace XrayController.Storage.Tests;

/// <summary>Volumes written slab by slab in each stored type and read back as values, as every reader of volumes reads them.</summary>
public sealed class ReconstructionFileWriterTests : IDisposable
{
    private const int Size = 12;
    private const int Slices = 7;
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-volume-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ReconstructionMetadata Metadata => new("1/mm", 1.0, 5.5, "given", "fbp", "ramp", "interpolated", "none", true, 0, "scan.h5", "test");

    /// <summary>Attenuation-like values from −0.3 to 41.7 (with one NaN), in slabs of 3, 3 and 1 slices.</summary>
    private float[] Write(string path, VolumeType type)
    {
        float[] values = [.. Enumerable.Range(0, Slices * Size * Size).Select(i => (float)((i * 0.0412) - 0.3))];
        values[77] = float.NaN;
        using var writer = new ReconstructionFileWriter(path, Slices, Size, Metadata, type);
        foreach ((int first, int count) in new[] { (0, 3), (3, 3), (6, 1) })
        {
            writer.WriteSlab(first, values[(first * Size * Size)..((first + count) * Size * Size)]);
        }

        writer.Complete();
        return values;
    }

    private static float[] Read(string path, out IH5DataType type, out bool scaled)
    {
        using var file = H5File.OpenRead(path);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        type = recon.Type;
        scaled = recon.AttributeExists("scale_factor");
        return ElementReader.ReadVolume(recon, new HyperslabSelection(rank: 3, starts: [0, 0, 0], blocks: [Slices, Size, Size]), path);
    }

    [Fact]
    public void Float32_keeps_every_value()
    {
        string path = Path.Combine(_directory, "f32.h5");
        float[] values = Write(path, VolumeType.Float32);

        Assert.Equal(values, Read(path, out IH5DataType type, out bool scaled));
        Assert.Equal((H5DataTypeClass.FloatingPoint, 4UL, false), (type.Class, (ulong)type.Size, scaled));
    }

    [Fact]
    public void Float16_keeps_each_value_to_half_precision()
    {
        string path = Path.Combine(_directory, "f16.h5");
        float[] values = Write(path, VolumeType.Float16);

        float[] read = Read(path, out IH5DataType type, out bool scaled);

        Assert.Equal((H5DataTypeClass.FloatingPoint, 2UL, false), (type.Class, (ulong)type.Size, scaled));
        Assert.Equal(values.Select(v => (float)(Half)v), read);
        Assert.All(values.Zip(read).Where(p => float.IsFinite(p.First)), p => Assert.True(Math.Abs(p.First - p.Second) <= Math.Abs(p.First) / 1024 + 1e-4, $"{p.First} read as {p.Second}"));
    }

    /// <summary>Integers over the range found at the end: every value within half a step, the step (42 / 65535) in <c>scale_factor</c>, the minimum in <c>add_offset</c>; the floats written first are gone.</summary>
    [Fact]
    public void Uint16_keeps_each_value_within_half_a_step_of_the_volumes_range()
    {
        string path = Path.Combine(_directory, "u16.h5");
        float[] values = Write(path, VolumeType.UInt16);

        float[] read = Read(path, out IH5DataType type, out bool scaled);

        Assert.Equal((H5DataTypeClass.FixedPoint, 2UL, true), (type.Class, (ulong)type.Size, scaled));
        float min = values.Where(float.IsFinite).Min();
        double step = (values.Where(float.IsFinite).Max() - (double)min) / ushort.MaxValue;
        Assert.All(values.Zip(read).Where(p => float.IsFinite(p.First)), p => Assert.True(Math.Abs(p.First - p.Second) <= (step / 2) + 1e-5, $"{p.First} read as {p.Second}"));
        Assert.Equal(min, read[77]);
        Assert.Equal(["u16.h5"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(VolumeType.Float32)]
    [InlineData(VolumeType.UInt16)]
    public void A_volume_not_completed_leaves_no_file(VolumeType type)
    {
        string path = Path.Combine(_directory, $"cut-{type}.h5");
        using (var writer = new ReconstructionFileWriter(path, Slices, Size, Metadata, type))
        {
            writer.WriteSlab(0, new float[Size * Size]);
        }

        Assert.Empty(Directory.GetFiles(_directory));
    }

    /// <summary>What the writer records reads back as it was given, with the further attributes of every kind it writes; the writer's own (scaling, time) are not taken.</summary>
    [Fact]
    public void The_metadata_reads_back_as_written()
    {
        string path = Path.Combine(_directory, "meta.h5");
        ReconstructionMetadata written = Metadata with
        {
            Extra = new Dictionary<string, object> { ["top_z_mm"] = -1.5, ["short_scan"] = 1, ["roi_center_mm"] = new[] { 0.5, -2.0 }, ["seam_shift_applied"] = new[] { 1, 0 }, ["quantity"] = "delta", ["nodes"] = new[] { "a", "b" } },
        };
        using (var writer = new ReconstructionFileWriter(path, 1, Size, written, VolumeType.UInt16))
        {
            writer.WriteSlab(0, new float[Size * Size]);
            writer.Complete();
        }

        using var file = H5File.OpenRead(path);
        ReconstructionMetadata read = ReconstructionMetadata.Read(file.Dataset("/exchange/recon"));

        Assert.Equal(written with { Extra = read.Extra }, read);
        Assert.Equal(written.Extra.Keys.Order(), read.Extra.Keys.Order());
        Assert.Equal(-1.5, read.Extra["top_z_mm"]);
        Assert.Equal(1, read.Extra["short_scan"]);
        Assert.Equal([0.5, -2.0], (double[])read.Extra["roi_center_mm"]);
        Assert.Equal([1, 0], (int[])read.Extra["seam_shift_applied"]);
        Assert.Equal("delta", read.Extra["quantity"]);
        Assert.Equal(["a", "b"], (string[])read.Extra["nodes"]);
    }
}
