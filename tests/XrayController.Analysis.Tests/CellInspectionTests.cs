using XrayController.Analysis.Cell;
using XrayController.Analysis.Fragments;

namespace XrayController.Analysis.Tests;

public sealed class CellInspectionTests
{
    /// <summary>
    /// A drawn cell: a can (μ 0.9) around concentric electrodes (μ 0.27, 135 µm, one with a 30 µm gap over a quarter of
    /// the circle) and copper foils (μ 1.4) between them, one moved 40 µm inward over another quarter, on 5 µm voxels.
    /// </summary>
    private static PhaseVolume DrawnCell()
    {
        const int Size = 400;
        const int Depth = 8;
        const double Voxel = 0.005;
        var values = new float[Depth * Size * Size];
        for (int i = 0; i < Size; i++)
        {
            for (int j = 0; j < Size; j++)
            {
                double x = (j - (Size / 2)) * Voxel;
                double y = ((Size / 2) - i) * Voxel;
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

                    double copper = inner + 0.135 + 0.085 - (e == 0 && azimuth < -Math.PI / 2 ? 0.04 : 0);
                    if (r >= copper && r < copper + 0.01)
                    {
                        value = 1.4f;
                    }
                }

                for (int k = 0; k < Depth; k++)
                {
                    values[(((k * Size) + i) * Size) + j] = value;
                }
            }
        }

        return new PhaseVolume(new VolumeShape(Depth, Size, Size), values, Voxel * 1000, "attenuation", "drawn");
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
    public void A_volume_without_a_can_is_refused()
    {
        var empty = new PhaseVolume(new VolumeShape(4, 64, 64), new float[4 * 64 * 64], 10, "attenuation", "empty");
        var error = Assert.Throws<ArgumentException>(() => CellInspection.Run(empty, 0));
        Assert.Contains("no can found", error.Message, StringComparison.Ordinal);
    }
}
