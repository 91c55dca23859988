using PureHDF;
using XrayController.Core.Plans;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Cluster;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// A volume made in parts, as a cluster job's tasks make it (<see cref="ReconstructionRequest.Part"/>, the request
/// made ready by the technique's decisions): the parts side by side are the whole run's volume bit for bit, for FBP,
/// FDK and phase retrieval, whatever the parts and the memory budget.
/// </summary>
public sealed class VolumePartTests(ParallelScan parallel, ConeBeamScan cone, HolotomographyScan holotomography) : IClassFixture<ParallelScan>, IClassFixture<ConeBeamScan>, IClassFixture<HolotomographyScan>
{
    private static float[] Volume(string path, out Dictionary<string, object> attributes)
    {
        using var file = H5File.OpenRead(path);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        attributes = recon.Attributes().Where(a => a.Space.Dimensions.Length == 0).ToDictionary(a => a.Name, a => (object)(a.Type.Class == H5DataTypeClass.FloatingPoint ? a.Read<double>() : a.Type.Class == H5DataTypeClass.FixedPoint ? a.Read<int>() : a.Read<string>()));
        return recon.Read<float[]>();
    }

    /// <summary>Reconstructs the whole volume and the same in parts; the parts' volumes concatenated, and the first part's attributes.</summary>
    private static (float[] Whole, float[] Parts, Dictionary<string, object> WholeAttributes, Dictionary<string, object> FirstPartAttributes) Both(PublishedScan fixture, ReconstructionRequest request, int parts, long partBudgetBytes)
    {
        string directory = fixture.Directory;
        ReconstructionResult whole = fixture.Offline.Run(request with { OutputPath = Path.Combine(directory, "whole.h5") }, CancellationToken.None);
        int slices;
        ReconstructionRequest decided;
        using (TomographyFile file = OfflineReconstruction.Open(request.InputPath))
        {
            ITechnique technique = fixture.Techniques.ForFile(file, request);
            slices = technique.Split(file, request).Slices;
            decided = technique.Decide(file, request, Path.Combine(directory, "shared"), CancellationToken.None);
        }

        Assert.Equal(whole.Slices, slices);
        Assert.Equal(whole.CenterPx, decided.CenterPx);
        var joined = new List<float>();
        Dictionary<string, object>? first = null;
        foreach ((VolumePart part, int k) in ClusterJobs.Parts(slices, parts, "test").Select((p, k) => (p, k)))
        {
            string output = Path.Combine(directory, $"part_{k}.h5");
            ReconstructionResult result = fixture.Offline.Run(decided with { Part = part, OutputPath = output, MemoryBudgetBytes = partBudgetBytes }, CancellationToken.None);
            Assert.Equal(part.Slices, result.Slices);
            joined.AddRange(Volume(output, out Dictionary<string, object> attributes));
            first ??= attributes;
        }

        return (Volume(whole.OutputPath, out Dictionary<string, object> wholeAttributes), [.. joined], wholeAttributes, first!);
    }

    [Fact]
    public void Parallel_beam_parts_make_the_whole_volume_bit_for_bit()
    {
        ReconstructionRequest request = Requests.Offline(parallel.Scan.RawFile, "unused.h5");
        (float[] whole, float[] parts, Dictionary<string, object> wholeAttributes, Dictionary<string, object> firstAttributes) = Both(parallel, request, parts: 3, partBudgetBytes: 4_000_000);

        Assert.Equal(whole, parts);
        Assert.Equal(wholeAttributes["center_source"], firstAttributes["center_source"]);
        Assert.Equal(wholeAttributes["first_row"], firstAttributes["first_row"]);
    }

    [Fact]
    public void Cone_beam_parts_make_the_whole_volume_bit_for_bit_whatever_their_slabs()
    {
        ReconstructionRequest request = Requests.Offline(cone.Scan.RawFile, "unused.h5");
        (float[] whole, float[] parts, Dictionary<string, object> wholeAttributes, Dictionary<string, object> firstAttributes) = Both(cone, request, parts: 4, partBudgetBytes: 6_000_000);

        Assert.Equal(whole, parts);
        foreach (string key in (string[])["center_source", "top_z_mm", "truncation_extended", "center_px"])
        {
            Assert.Equal(wholeAttributes[key], firstAttributes[key]);
        }
    }

    /// <summary>
    /// The preparation retrieves every angle into the shared folder once; the parts back-project their rows from it
    /// under a budget too small for a retrieval, into the whole run's δ with its registration and resolution.
    /// </summary>
    [Fact]
    public void Holotomography_parts_back_project_the_preparations_retrieved_phase_into_the_whole_delta_bit_for_bit()
    {
        ReconstructionRequest request = Requests.Offline(holotomography.Scan.RawFile, "unused.h5") with { Phase = PhaseRetrieval.Ctf, DeltaBeta = 150, PhaseIterations = 0 };
        (float[] whole, float[] parts, Dictionary<string, object> wholeAttributes, Dictionary<string, object> firstAttributes) = Both(holotomography, request, parts: 3, partBudgetBytes: 3_000_000);

        Assert.Equal(whole, parts);
        foreach (string key in (string[])["center_source", "quantity", "phase_retrieval", "frc_resolution_um", "center_px"])
        {
            Assert.Equal(wholeAttributes[key], firstAttributes[key]);
        }

        string retrieved = Path.Combine(holotomography.Directory, "shared", "retrieved.f32");
        Assert.Equal(128L * 128 * 60 * sizeof(float), new FileInfo(retrieved).Length);
        ReconstructionRequest unprepared = request with { Part = new VolumePart(0, 64), OutputPath = Path.Combine(holotomography.Directory, "unprepared.h5") };
        Assert.Contains("not retrieved yet", Assert.Throws<InputException>(() => holotomography.Offline.Run(unprepared, CancellationToken.None)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_split_the_slices_evenly_from_even_slices_and_a_part_outside_the_volume_is_refused()
    {
        Assert.Equal([new VolumePart(0, 42), new VolumePart(42, 84), new VolumePart(84, 128)], ClusterJobs.Parts(128, 3, "x"));
        Assert.Equal([new VolumePart(0, 42), new VolumePart(42, 86), new VolumePart(86, 130)], ClusterJobs.Parts(130, null, "x"));
        Assert.Contains("splits into 1 to 3 slabs", Assert.Throws<InputException>(() => ClusterJobs.Parts(7, 4, "x.h5")).Message, StringComparison.Ordinal);

        ReconstructionRequest outside = Requests.Offline(parallel.Scan.RawFile, Path.Combine(parallel.Directory, "outside.h5")) with { Part = new VolumePart(120, 140) };
        Assert.Contains("slices 120:140 of the volume are outside", Assert.Throws<InputException>(() => parallel.Offline.Run(outside, CancellationToken.None)).Message, StringComparison.Ordinal);
    }
}
