using XrayController.Reconstruction.Cone;
using XrayController.Simulators.Physics;

namespace XrayController.Reconstruction.Tests;

/// <summary>The cone-beam scans the FDK tests reconstruct: exact projections of analytic phantoms on a 96-pixel panel, SOD 100 mm, SDD 300 mm, 1.2 mm pixels, and the error against the phantom.</summary>
internal static class FdkScans
{
    public const int Detector = 96;
    public const double Sod = 100;
    public const double Sdd = 300;
    public const double Pixel = 1.2;

    /// <summary>The modified 3D Shepp–Logan phantom filling 60 % of the field at the axis; a wide fan (half angle 10.9°) so that short-scan weights matter.</summary>
    public static Phantom Head() => Phantoms.SheppLogan(0.6 * Detector * Pixel / (Sdd / Sod) / 2, 2.0);

    public static (float[] Projections, ConeGeometry Geometry) Scan(Phantom phantom, double rangeDeg, int count, double offsetU = 0, double tiltDeg = 0, int columns = Detector)
    {
        double[] angles = [.. Enumerable.Range(0, count).Select(k => rangeDeg * k / count)];
        var projections = new float[count * Detector * columns];
        for (int p = 0; p < count; p++)
        {
            double[] values = ConeBeamProjector.Project(phantom, angles[p], Detector, columns, Sod, Sdd, Pixel, Pixel, offsetU, detectorTiltDeg: tiltDeg);
            for (int i = 0; i < values.Length; i++)
            {
                projections[(p * values.Length) + i] = (float)values[i];
            }
        }

        return (projections, new ConeGeometry(Detector, columns, Sod, Sdd, Pixel, Pixel, offsetU, 0, angles));
    }

    /// <summary>RMS error against the phantom over the middle slices inside 90 % of the field's radius, relative to the phantom's largest μ.</summary>
    public static double RelativeError(float[] volume, ConeGrid grid, Phantom phantom, int firstSlice, int endSlice)
    {
        double sum = 0, largest = 0;
        int count = 0;
        for (int k = firstSlice; k < endSlice; k++)
        {
            for (int i = 0; i < grid.Size; i++)
            {
                for (int j = 0; j < grid.Size; j++)
                {
                    double x = grid.X(j), y = grid.Y(i);
                    if ((x * x) + (y * y) > Math.Pow(0.45 * grid.Size * grid.VoxelMm, 2))
                    {
                        continue;
                    }

                    double truth = phantom.AttenuationAt(new Vector3D(x, y, grid.Z(k)));
                    double error = volume[(((k * grid.Size) + i) * grid.Size) + j] - truth;
                    sum += error * error;
                    largest = Math.Max(largest, truth);
                    count++;
                }
            }
        }

        return Math.Sqrt(sum / count) / largest;
    }
}
