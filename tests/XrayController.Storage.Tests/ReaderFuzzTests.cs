using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Storage.Reading;
using XrayController.Tests.Shared;

namespace XrayController.Storage.Tests;

/// <summary>
/// The scan-file reader, fed mutated copies of a small scan file (and random bytes) written to disk: it opens and reads
/// a file or refuses it with <see cref="InvalidDataException"/> naming the problem (or an I/O error for a truncated
/// file), never anything else. HDF5 files
/// take a disk write each, so this runs a tenth of the other parsers' inputs.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private const string Plan = """
        name: t
        technique: parallel-ct
        instrument: demo
        sample: { name: s, out_of_beam: { x_mm: 2.0 } }
        detector: { exposure_s: 0.01, binning: 2 }
        rotation: { start_deg: 0, stop_deg: 3, step_deg: 1 }
        flats: { count: 2, at: [start] }
        darks: { count: 1, at: [start] }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Damaged_scan_files_are_read_or_refused_with_a_clear_error()
    {
        CompiledScan scan = ScanFixtures.Compile(Plan);
        string valid = Path.Combine(_directory, "valid.h5");
        await ScanFixtures.WriteAsync(scan, valid, scan.PlannedFrames(), ScanStatus.Completed, FrameCompression.Deflate);

        byte[] bytes = await File.ReadAllBytesAsync(valid);
        using (TomographyFile file = TomographyFileReader.Open(valid))
        {
            Assert.Equal(4, file.Projections.Count);
        }

        Fuzz.Check(
            Fuzz.Bytes([bytes]),
            input =>
            {
                string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".h5");
                File.WriteAllBytes(path, input);
                try
                {
                    using TomographyFile file = TomographyFileReader.Open(path);
                    if (file.Projections.Count > 0)
                    {
                        file.ReadProjection(file.Projections[0]);
                        file.ReadRows(0, 1);
                    }
                }
                finally
                {
                    File.Delete(path);
                }
            },
            Math.Max(300, Fuzz.Inputs / 10),
            typeof(InvalidDataException),
            typeof(IOException));
    }
}
