namespace XrayController.Simulators.Physics;

/// <summary>
/// A uniform ellipsoid: centre, semi-axes along its own axes (mm), orientation (a turn of <c>TurnDeg</c> about z after a
/// tilt of <c>TiltDeg</c> about x), and a linear attenuation coefficient (1/mm) added to whatever it overlaps.
/// </summary>
public sealed class Ellipsoid
{
    private readonly double[] _toLocal;

    public Ellipsoid(Vector3D center, Vector3D semiAxesMm, double turnDeg, double tiltDeg, double attenuationPerMm)
    {
        if (semiAxesMm.X <= 0 || semiAxesMm.Y <= 0 || semiAxesMm.Z <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(semiAxesMm), semiAxesMm, "semi-axes must be > 0");
        }

        Center = center;
        SemiAxesMm = semiAxesMm;
        TurnDeg = turnDeg;
        TiltDeg = tiltDeg;
        AttenuationPerMm = attenuationPerMm;
        BoundingRadiusMm = Math.Max(semiAxesMm.X, Math.Max(semiAxesMm.Y, semiAxesMm.Z));
        _toLocal = WorldToScaledLocal(semiAxesMm, turnDeg * Math.PI / 180, tiltDeg * Math.PI / 180);
    }

    public Vector3D Center { get; }

    public Vector3D SemiAxesMm { get; }

    public double TurnDeg { get; }

    public double TiltDeg { get; }

    public double AttenuationPerMm { get; }

    public double BoundingRadiusMm { get; }

    public Ellipsoid WithAttenuation(double attenuationPerMm) => new(Center, SemiAxesMm, TurnDeg, TiltDeg, attenuationPerMm);

    /// <summary>
    /// Length of the chord the line <c>origin + t·direction</c> (direction of unit length) cuts through the ellipsoid:
    /// in the frame where the ellipsoid is the unit sphere the line is s0 + t·s1, and |s0 + t·s1|² = 1 has roots
    /// t = (−B ± √(B² − AC)) / A with A = s1·s1, B = s0·s1, C = s0·s0 − 1; the chord is their distance, 2√(B² − AC) / A.
    /// </summary>
    public double ChordLengthMm(Vector3D origin, Vector3D direction)
    {
        Vector3D s0 = ToScaledLocal(origin - Center);
        Vector3D s1 = ToScaledLocal(direction);
        double a = s1.Dot(s1);
        double b = s0.Dot(s1);
        double c = s0.Dot(s0) - 1;
        double discriminant = (b * b) - (a * c);
        return discriminant > 0 ? 2 * Math.Sqrt(discriminant) / a : 0;
    }

    public bool Contains(Vector3D point)
    {
        Vector3D s = ToScaledLocal(point - Center);
        return s.Dot(s) <= 1;
    }

    private Vector3D ToScaledLocal(Vector3D v) => new(
        (_toLocal[0] * v.X) + (_toLocal[1] * v.Y) + (_toLocal[2] * v.Z),
        (_toLocal[3] * v.X) + (_toLocal[4] * v.Y) + (_toLocal[5] * v.Z),
        (_toLocal[6] * v.X) + (_toLocal[7] * v.Y) + (_toLocal[8] * v.Z));

    /// <summary>Rows of diag(1/a, 1/b, 1/c) · (Rz(turn) · Rx(tilt))ᵀ: world offsets to coordinates where the ellipsoid is the unit sphere.</summary>
    private static double[] WorldToScaledLocal(Vector3D semiAxes, double turn, double tilt)
    {
        (double sz, double cz) = Math.SinCos(turn);
        (double sx, double cx) = Math.SinCos(tilt);
        double[,] local =
        {
            { cz, -sz * cx, sz * sx },
            { sz, cz * cx, -cz * sx },
            { 0, sx, cx },
        };
        double[] scale = [1 / semiAxes.X, 1 / semiAxes.Y, 1 / semiAxes.Z];
        var result = new double[9];
        for (int row = 0; row < 3; row++)
        {
            for (int col = 0; col < 3; col++)
            {
                result[(row * 3) + col] = scale[row] * local[col, row];
            }
        }

        return result;
    }
}
