using PureHDF;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Output;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Tests;

public sealed class CellInspectionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cell-inspection-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// A drawn cell: a can (μ 0.9) around concentric electrodes (μ 0.27, 135 µm, one with a 30 µm gap over a quarter of
    /// the circle) and copper foils (μ 1.4) between them, one moved 40 µm inward over another quarter, on 5 µm voxels;
    /// with <paramref name="foils"/>, each electrode holds a 15 µm aluminium foil that far from its inner edge.
    /// </summary>
    internal static PhaseVolume DrawnCell(int size = 400, int depth = 8, double voxel = 0.005, (double Inner, double Outer)[]? foils = null)
    {
        var values = new float[depth * size * size];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double x = (j - (size / 2)) * voxel;
                double y = ((size / 2) - i) * voxel;
                double r = Math.Sqrt((x * x) + (y * y));
                double azimuth = Math.Atan2(y, x);
                float value = 0.02f;
                if (r > 0.9 && r < 0.98)
                {
                    value = 0.9f;
                }

                for (int e = 0; e < 2; e++)
                {
                    double inner = 0.2 + (e * 0.315);
                    bool gap = e == 1 && azimuth > 0 && azimuth < Math.PI / 2 && r > inner + 0.06 && r < inner + 0.09;
                    if (r >= inner && r < inner + 0.135 && !gap)
                    {
                        value = 0.27f;
                    }

                    if (foils is not null && r >= inner + foils[e].Inner && r < inner + foils[e].Inner + 0.015)
                    {
                        value = 0.04f;
                    }

                    double copper = inner + 0.135 + 0.085 - (e == 0 && azimuth < -Math.PI / 2 ? 0.04 : 0);
                    if (r >= copper && r < copper + 0.01)
                    {
                        value = 1.4f;
                    }
                }

                for (int k = 0; k < depth; k++)
                {
                    values[(((k * size) + i) * size) + j] = value;
                }
            }
        }

        return new PhaseVolume(new VolumeShape(depth, size, size), values, voxel * 1000, "attenuation", "drawn");
    }

    [Fact]
    public void A_drawn_cell_gives_its_can_electrodes_and_defects()
    {
        CellInspectionResult result = CellInspection.Run(DrawnCell(), topZMm: 0.02);

        Assert.Equal(0.98, result.CanOuterRadiusMm, 2);
        Assert.InRange(result.CanWallUm, 70, 90);
        Assert.InRange(result.Crossings.Average(c => c.ThicknessUm), 133, 137);
        CellDefect gap = Assert.Single(result.Defects, d => d.Kind == "void");
        Assert.Equal(1, gap.Turn);
        Assert.InRange(gap.FromAzimuthDeg, 0, 3);
        Assert.InRange(gap.ToAzimuthDeg, 87, 90);
        CellDefect copper = Assert.Single(result.Defects, d => d.Kind == "copper-deflection");
        Assert.Equal(0, copper.Turn);
        Assert.InRange(copper.SizeUm, -45, -35);
        Assert.InRange(copper.FromAzimuthDeg, 180, 200);
        Assert.Equal(2, result.Defects.Count);
    }

    [Fact]
    public void Each_coat_is_measured_either_side_of_the_aluminium_foil()
    {
        // Two electrodes of 60 µm coats (μ 0.27) around a 15 µm aluminium foil (μ 0.04, as the background), then a 40 µm
        // coat and an 80 µm one around the same foil, on 5 µm voxels; the drawn void (first quadrant) left aside.
        (double Inner, double Outer)[] drawn = [(0.060, 0.060), (0.040, 0.080)];
        PhaseVolume volume = DrawnCell(foils: drawn);

        CellInspectionResult result = CellInspection.Run(volume, topZMm: 0.02);

        for (int turn = 0; turn < drawn.Length; turn++)
        {
            ElectrodeCrossing[] crossings = [.. result.Crossings.Where(c => c.Turn == turn && c.AzimuthDeg > 95)];
            Assert.True(crossings.Length > 1000, $"turn {turn}: {crossings.Length} crossings");
            Assert.InRange(crossings.Average(c => c.InnerCoatUm), (drawn[turn].Inner * 1000) - 3, (drawn[turn].Inner * 1000) + 3);
            Assert.InRange(crossings.Average(c => c.OuterCoatUm), (drawn[turn].Outer * 1000) - 3, (drawn[turn].Outer * 1000) + 3);
        }

        Assert.All(CellInspection.Run(DrawnCell(), topZMm: 0.02).Crossings.Where(c => c.AzimuthDeg > 95), c => Assert.True(double.IsNaN(c.InnerCoatUm) && double.IsNaN(c.OuterCoatUm), "an electrode without a foil has no coats to tell apart"));
    }

    [Fact]
    public void The_report_counts_whole_turns_apart_from_the_windings_ends_and_draws_the_histogram_and_the_unrolled_map()
    {
        ElectrodeCrossing[] crossings =
        [
            .. Enumerable.Range(0, 700).Select(a => new ElectrodeCrossing(3, 0.1, a * 0.5, 0, 0.4, 0, 0, 136 + (a % 5))),
            .. Enumerable.Range(0, 720).Select(a => new ElectrodeCrossing(3, 0.1, a * 0.5, 1, 0.6, 0, 0, 134.5)),
            .. Enumerable.Range(0, 33).Select(a => new ElectrodeCrossing(4, 0.095, a * 0.5, 2, 0.8, 0, 0, 140)),
        ];
        var result = new CellInspectionResult("drawn.h5", 5, 0, 0, 0.98, 80, 2, 0.1, crossings, []);

        (int whole, IReadOnlyList<(int Turn, int Crossings)> partial, _) = CellReport.Turns(result);
        IReadOnlyList<string> written = CellReport.Write(_directory, result, volumePath: null);

        Assert.Equal(2, whole);
        Assert.Equal([(2, 33)], partial);
        Assert.Contains("over 1453 crossings of 2 whole turns (and the winding's ends: turn 2 crossed by 33 lines)", CellReport.Text(result), StringComparison.Ordinal);
        Assert.Equal(
            ["cell_inspection.json", "electrode_thickness.csv", "defects.csv", "electrode_thickness.png", "electrode_thickness.svg", "electrode_thickness_histogram.png", "electrode_thickness_histogram.svg", "electrode_thickness_unrolled.png", "electrode_thickness_unrolled.svg"],
            written.Select(Path.GetFileName));
        Assert.All(written, f => Assert.True(new FileInfo(f).Length > 0, f));
    }

    [Fact]
    public void A_volume_without_a_can_is_refused()
    {
        var empty = new PhaseVolume(new VolumeShape(4, 64, 64), new float[4 * 64 * 64], 10, "attenuation", "empty");
        var error = Assert.Throws<ArgumentException>(() => CellInspection.Run(empty, 0));
        Assert.Contains("no can found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slabs_read_from_the_file_give_the_whole_volume_result()
    {
        PhaseVolume cell = DrawnCell(size: 200, depth: 48, voxel: 0.01);
        string path = Path.Combine(_directory, "cell_recon.h5");
        var recon = new H5Dataset(cell.Values, fileDims: [48, 200, 200]) { Attributes = new Dictionary<string, object> { ["voxel_size_um"] = 10.0, ["top_z_mm"] = 0.24 } };
        new H5File { ["exchange"] = new H5Group { ["recon"] = recon } }.Write(path);
        CellInspectionResult whole = CellInspection.Run(cell, topZMm: 0.24);
        long minimum;
        using (VolumeFile file = VolumeFile.Open(path, null, "the cell inspection"))
        {
            minimum = CellInspection.MinimumBytes(file);
            Assert.True(minimum / file.SlabBytes(1) < 48, $"the smallest budget holds {minimum / file.SlabBytes(1)} slices: not several slabs");
        }

        CellInspectionResult slabbed = CellReport.Inspect(path, budgetBytes: minimum);

        Assert.Equal(whole.Crossings, slabbed.Crossings);
        Assert.Equal(whole.Defects, slabbed.Defects);
        Assert.Equal(2, whole.Defects.Count);
        var error = Assert.Throws<InputException>(() => CellReport.Inspect(path, budgetBytes: minimum - 1));
        Assert.Contains($"give --memory-gb {MemoryBudget.SmallestGigabytes(minimum):0.00} or more", error.Message, StringComparison.Ordinal);
    }
}
