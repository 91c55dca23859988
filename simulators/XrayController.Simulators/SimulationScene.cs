using XrayController.Core.Instruments;
using XrayController.Simulators.Physics;

namespace XrayController.Simulators;

/// <summary>What a simulated profile images and how: the phantom (the truth), the renderer of its projections, and the true rotation axis.</summary>
public sealed class SimulationScene
{
    private SimulationScene(Phantom phantom, ParallelBeamRenderer renderer, double rotationAxisPx)
    {
        Phantom = phantom;
        Renderer = renderer;
        RotationAxisPx = rotationAxisPx;
    }

    /// <summary>The phantom being imaged, in the sample frame (mm, 1/mm): the truth for reconstructions.</summary>
    public Phantom Phantom { get; }

    internal ParallelBeamRenderer Renderer { get; }

    /// <summary>The true rotation-axis column in unbinned pixels.</summary>
    public double RotationAxisPx { get; }

    /// <summary>The true rotation-axis column in the stored pixels of a given binning.</summary>
    public double RotationAxisPxAt(int binning) => ParallelBeamRenderer.BinnedAxisColumn(RotationAxisPx, binning);

    /// <summary>Why a profile cannot be simulated, or null when it can.</summary>
    public static string? WhyNotSimulatable(InstrumentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Simulation is null)
        {
            return $"instrument '{profile.Name}' has no simulation section";
        }

        if (profile.Geometry.Beam != BeamKind.Parallel)
        {
            return $"instrument '{profile.Name}' has a cone beam; the simulator renders parallel-beam projections only so far (cone-beam and Fresnel rendering come with the lab-CT and holotomography work)";
        }

        return profile.Detector.BitDepth > 16
            ? $"instrument '{profile.Name}' has a {profile.Detector.BitDepth}-bit detector; the simulator renders 16-bit frames"
            : null;
    }

    public static SimulationScene Create(InstrumentProfile profile)
    {
        if (WhyNotSimulatable(profile) is { } reason)
        {
            throw new SimulationNotSupportedException(reason);
        }

        SimulationProfile simulation = profile.Simulation!;
        double pixelMm = ProfileGeometry.EffectivePixelUm(profile) / 1000;
        double halfWidthMm = profile.Detector.Columns * pixelMm / 2;
        Phantom phantom = simulation.Phantom == PhantomKind.Battery
            ? Phantoms.Battery(halfWidthMm, simulation.MaxLineIntegral, simulation.Seed)
            : Phantoms.SheppLogan(halfWidthMm, simulation.MaxLineIntegral);
        var noise = new DetectorNoise(simulation.DarkCounts, simulation.ReadNoiseCounts, simulation.FlatNonUniformity, (1 << profile.Detector.BitDepth) - 1, simulation.DarkCurrentPerS, simulation.ElectronsPerCount);
        var renderer = new ParallelBeamRenderer(phantom, profile.Detector.Rows, profile.Detector.Columns, pixelMm, simulation.RotationAxisPx, noise, simulation.Seed);
        return new SimulationScene(phantom, renderer, simulation.RotationAxisPx);
    }
}
