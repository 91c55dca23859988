namespace XrayController.Acquisition.DryRun;

/// <summary>Where the time of a scan goes, in seconds.</summary>
public sealed record TimeBreakdown(double MotionS, double SettleS, double ExposureS, double ReadoutS, double OverheadS)
{
    public static TimeBreakdown Zero { get; } = new(0, 0, 0, 0, 0);

    public double TotalS => MotionS + SettleS + ExposureS + ReadoutS + OverheadS;

    public static TimeBreakdown operator +(TimeBreakdown a, TimeBreakdown b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.MotionS + b.MotionS, a.SettleS + b.SettleS, a.ExposureS + b.ExposureS, a.ReadoutS + b.ReadoutS, a.OverheadS + b.OverheadS);
    }
}
