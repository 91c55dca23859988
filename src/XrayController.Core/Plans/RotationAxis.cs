namespace XrayController.Core.Plans;

/// <summary>
/// The angles of a rotation sweep: <c>Count</c> angles from <c>StartDeg</c> in steps of <c>StepDeg</c>.
/// Built from the plan's step form (inclusive stop) or count form (optional endpoint); see <see cref="AngleGrid"/>.
/// </summary>
public sealed record RotationAxis(double StartDeg, double StepDeg, int Count, RotationMode Mode)
{
    public double LastDeg => AngleDeg(Count - 1);

    public double AngleDeg(int index) => StartDeg + (index * StepDeg);

    public IReadOnlyList<double> AnglesDeg()
    {
        var angles = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            angles[i] = AngleDeg(i);
        }

        return angles;
    }
}
