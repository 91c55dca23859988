namespace XrayController.Simulators.Physics;

/// <summary>
/// Exact cone-beam projections of an ellipsoid phantom: every detector pixel's line integral along the ray from the
/// point source to the pixel's centre, as a sum of chords (closed form). Geometry as the reconstruction states it:
/// at angle θ the source sits at −SOD·d, d = (−sin θ, cos θ, 0), the detector at SDD − SOD beyond the axis, u along
/// (cos θ, sin θ, 0), v along z; pixel (r, c) at u = (c − c₀)·p_u, v = (r₀ − r)·p_v with c₀ = (columns − 1)/2 + offset_u,
/// r₀ = (rows − 1)/2 + offset_v; a sample moved across the beam by shiftXMm (along u) or raised by shiftZMm shows
/// that much further along u or higher; the centring stages, which ride on the rotation stage, put the sample's point
/// (centringXMm, centringYMm) on the axis (the sample moves in its own frame). A detector turned in its own plane by <c>detectorTiltDeg</c> (counterclockwise
/// seen from the source, about the central ray's foot) has its columns along cos φ·u + sin φ·v and its rows' upward
/// axis along −sin φ·u + cos φ·v.
/// </summary>
public static class ConeBeamProjector
{
    public static double[] Project(IAttenuatingSample phantom, double angleDeg, int rows, int columns, double sourceToObjectMm, double sourceToDetectorMm, double pixelUMm, double pixelVMm, double offsetUPx = 0, double offsetVPx = 0, double shiftXMm = 0, double shiftZMm = 0, double detectorTiltDeg = 0, double centringXMm = 0, double centringYMm = 0)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        var d = new Vector3D(-sin, cos, 0);
        var eu = new Vector3D(cos, sin, 0);
        Vector3D moved = new Vector3D(centringXMm, centringYMm, -shiftZMm) + (-shiftXMm * eu);
        Vector3D source = moved + (-sourceToObjectMm * d);
        Vector3D centre = moved + ((sourceToDetectorMm - sourceToObjectMm) * d);
        double c0 = ((columns - 1) / 2.0) + offsetUPx;
        double r0 = ((rows - 1) / 2.0) + offsetVPx;
        var values = new double[rows * columns];
        (double tiltSin, double tiltCos) = Math.SinCos(detectorTiltDeg * Math.PI / 180);
        var up = new Vector3D(0, 0, 1);
        Vector3D alongColumns = (tiltCos * eu) + (tiltSin * up);
        Vector3D alongRows = (-tiltSin * eu) + (tiltCos * up);
        if (phantom is IColumnProjectable byColumn && detectorTiltDeg == 0)
        {
            double[] heights = [.. Enumerable.Range(0, rows).Select(r => (r0 - r) * pixelVMm)];
            Parallel.For(0, columns, () => new double[rows], (c, _, column) =>
            {
                byColumn.ProjectColumn(source, centre + (((c - c0) * pixelUMm) * eu), heights, column);
                for (int r = 0; r < rows; r++)
                {
                    values[(r * columns) + c] = column[r];
                }

                return column;
            }, _ => { });
            return values;
        }

        Parallel.For(0, rows, r =>
        {
            double v = (r0 - r) * pixelVMm;
            for (int c = 0; c < columns; c++)
            {
                double u = (c - c0) * pixelUMm;
                Vector3D pixel = centre + (u * alongColumns) + (v * alongRows);
                Vector3D ray = pixel - source;
                values[(r * columns) + c] = phantom.LineIntegral(source, (1 / ray.Length) * ray);
            }
        });
        return values;
    }
}
