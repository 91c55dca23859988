namespace XrayController.Core.Optics;

/// <summary>
/// The projection matrix of one view of a circular cone-beam scan, in the convention the scan files record and the
/// reconstruction uses: z is the rotation axis; at angle θ the source sits at −SOD·d, d = (−sin θ, cos θ, 0), and the
/// detector, square to d at SDD from the source, has its columns along u = (cos θ, sin θ, 0) and its rows running down
/// z, both turned in the detector's plane by the tilt φ (counterclockwise seen from the source). A point X = (x, y, z, 1)
/// in mm meets the detector at column = P₀·X / P₂·X and row = P₁·X / P₂·X, and P₂·X is its distance from the source
/// along the central ray.
/// </summary>
public static class ConeProjection
{
    /// <summary>The matrix, row by row (twelve values), with the central ray's foot at (<paramref name="principalColumn"/>, <paramref name="principalRow"/>).</summary>
    public static double[] Circular(double angleDeg, double sourceToObjectMm, double sourceToDetectorMm, double pixelUMm, double pixelVMm, double principalColumn, double principalRow, double tiltDeg = 0)
    {
        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        (double tiltSin, double tiltCos) = Math.SinCos(tiltDeg * Math.PI / 180);
        double[] depth = [-sin, cos, 0, sourceToObjectMm];
        double[] u = [sourceToDetectorMm * cos, sourceToDetectorMm * sin, 0, 0];
        double[] v = [0, 0, sourceToDetectorMm, 0];
        var values = new double[12];
        for (int i = 0; i < 4; i++)
        {
            double along = (tiltCos * u[i]) + (tiltSin * v[i]);
            double up = (-tiltSin * u[i]) + (tiltCos * v[i]);
            values[i] = (along / pixelUMm) + (principalColumn * depth[i]);
            values[4 + i] = (principalRow * depth[i]) - (up / pixelVMm);
            values[8 + i] = depth[i];
        }

        return values;
    }
}
