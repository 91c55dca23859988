namespace XrayController.Simulators.Physics;

/// <summary>
/// An upright cylinder of the sample's frame (mm): around the vertical line through (<paramref name="XMm"/>,
/// <paramref name="YMm"/>), <paramref name="RadiusMm"/> wide, from height <paramref name="FromZMm"/> to <paramref name="ToZMm"/>.
/// </summary>
public readonly record struct SampleRegion(double XMm, double YMm, double RadiusMm, double FromZMm, double ToZMm);

/// <summary>
/// A sample stored coarser than some detectors resolve: it can give a view of itself whose rays through one region
/// (what such a detector images) are sampled finer.
/// </summary>
public interface IRefinable : IAttenuatingSample
{
    /// <summary>The sample with line integrals through <paramref name="region"/> taken every <paramref name="stepMm"/> or finer; itself where it needs no refining.</summary>
    IAttenuatingSample Refined(SampleRegion region, double stepMm);
}
