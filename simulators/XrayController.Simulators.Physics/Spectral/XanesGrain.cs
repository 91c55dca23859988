namespace XrayController.Simulators.Physics.Spectral;

/// <summary>A half-space n·x ≤ offset (n a unit vector, mm).</summary>
public readonly record struct ClipPlane(Vector3D Normal, double Offset)
{
    public bool Keeps(Vector3D point) => Normal.Dot(point) <= Offset;
}

/// <summary>
/// A primary grain: a sphere cut by planes (halfway to each overlapping neighbour, so shared volume belongs to one grain
/// and grains meet at necks; and the faces of any crack through its particle), whose Ni K-edge energy varies linearly
/// across it: e(x) = EdgeEv + G · (x − centre).
/// </summary>
public sealed record XanesGrain(int Id, int Particle, Vector3D Center, double RadiusMm, IReadOnlyList<ClipPlane> Clips, double EdgeEv, Vector3D EdgeGradientEvPerMm)
{
    public bool Contains(Vector3D point)
    {
        if ((point - Center).Length > RadiusMm)
        {
            return false;
        }

        foreach (ClipPlane clip in Clips)
        {
            if (!clip.Keeps(point))
            {
                return false;
            }
        }

        return true;
    }

    public double EdgeAt(Vector3D point) => EdgeEv + EdgeGradientEvPerMm.Dot(point - Center);

    /// <summary>Where the line origin + s·direction (unit) runs inside the grain: [S0, S1], empty when S1 ≤ S0.</summary>
    public (double S0, double S1) Chord(Vector3D origin, Vector3D direction)
    {
        Vector3D offset = origin - Center;
        double b = offset.Dot(direction);
        double discriminant = (b * b) - (offset.Dot(offset) - (RadiusMm * RadiusMm));
        if (discriminant <= 0)
        {
            return (0, 0);
        }

        double root = Math.Sqrt(discriminant);
        double s0 = -b - root;
        double s1 = -b + root;
        foreach (ClipPlane clip in Clips)
        {
            double along = clip.Normal.Dot(direction);
            double room = clip.Offset - clip.Normal.Dot(origin);
            if (Math.Abs(along) < 1e-15)
            {
                if (room < 0)
                {
                    return (0, 0);
                }
            }
            else if (along > 0)
            {
                s1 = Math.Min(s1, room / along);
            }
            else
            {
                s0 = Math.Max(s0, room / along);
            }
        }

        return (s0, s1);
    }
}

/// <summary>A secondary particle: the sphere its grains fill, and how many cracks split it.</summary>
public sealed record XanesParticle(int Id, Vector3D Center, double RadiusMm, int Cracks);
