using XrayController.Core.Instruments;
using XrayController.Simulators.Physics;
using XrayController.Simulators.Physics.Spectral;

namespace XrayController.Simulators;

/// <summary>What the beam carries and does while a frame is taken (see <see cref="SimulationScene.Beam"/>).</summary>
public readonly record struct BeamState(double EnergyEv, double DriftXMm, double DriftZMm, double FoilLineIntegral);

/// <summary>
/// What a simulated profile images and how: the sample (the truth), the renderer of its projections, and the true
/// rotation axis. An achromatic phantom (Shepp–Logan, battery) is in <see cref="Phantom"/>; the XANES particle cluster,
/// whose attenuation depends on the energy, in <see cref="Xanes"/>.
/// </summary>
public sealed class SimulationScene
{
    private readonly InstrumentProfile _profile;
    private readonly double _driftMm;
    private readonly int _seed;

    private SimulationScene(InstrumentProfile profile, IProjectable sample, ParallelBeamRenderer renderer, double rotationAxisPx, double driftMm, int seed)
    {
        _profile = profile;
        Sample = sample;
        Renderer = renderer;
        RotationAxisPx = rotationAxisPx;
        _driftMm = driftMm;
        _seed = seed;
    }

    public IProjectable Sample { get; }

    /// <summary>The achromatic phantom being imaged, in the sample frame (mm, 1/mm), or null for a spectral sample.</summary>
    public Phantom? Phantom => Sample as Phantom;

    /// <summary>The XANES particle cluster being imaged, or null.</summary>
    public XanesPhantom? Xanes => Sample as XanesPhantom;

    internal ParallelBeamRenderer Renderer { get; }

    /// <summary>The true rotation-axis column in unbinned pixels.</summary>
    public double RotationAxisPx { get; }

    /// <summary>The true rotation-axis column in the stored pixels of a given binning.</summary>
    public double RotationAxisPxAt(int binning) => ParallelBeamRenderer.BinnedAxisColumn(RotationAxisPx, binning);

    /// <summary>
    /// How far the image has wandered at an energy (the profile's <c>image_drift_px</c>), as a displacement of the sample
    /// across the beam and up, in mm: a smooth function of the energy — two sines of periods 23 and 37 eV per axis, phases
    /// from the seed — within ± the drift, so every visit to an energy gives the same displacement and a slightly
    /// different energy a nearly the same one. (0, 0) without a drift or an energy.
    /// </summary>
    public (double XMm, double ZMm) DriftMm(double energyEv)
    {
        if (_driftMm == 0 || !double.IsFinite(energyEv))
        {
            return (0, 0);
        }

        var random = new Random(Physics.DeterministicSeed.Mix(_seed, 7));
        double Wave(double phase1, double phase2) =>
            0.5 * _driftMm * (Math.Sin((2 * Math.PI * energyEv / 23) + phase1) + Math.Sin((2 * Math.PI * energyEv / 37) + phase2));
        double[] phases = [.. Enumerable.Range(0, 4).Select(_ => 2 * Math.PI * random.NextDouble())];
        return (Wave(phases[0], phases[1]), Wave(phases[2], phases[3]));
    }

    /// <summary>
    /// What the beam carries and does while a frame is taken, whichever simulated instrument renders it: the photon
    /// energy (the monochromator's own reading plus its simulated scale error; NaN without one), the image wander at that
    /// energy, and ∫μ ds of the reference foil when its axis stands within half a millimetre of the in-beam position
    /// (the foil then covers the whole beam).
    /// </summary>
    /// <param name="monochromatorEv">The energy the monochromator's Bragg angle selects, NaN without one.</param>
    /// <param name="axisMm">Where a named linear axis stands, or null when the instrument has no such axis.</param>
    public BeamState Beam(double monochromatorEv, Func<string, double?> axisMm)
    {
        ArgumentNullException.ThrowIfNull(axisMm);
        double energyEv = monochromatorEv + (_profile.Simulation?.EnergyOffsetEv ?? 0);
        (double driftXMm, double driftZMm) = DriftMm(energyEv);
        double foil = _profile.Monochromator?.ReferenceFoil is { } f && axisMm(f.Axis) is { } foilMm && Math.Abs(foilMm - f.InMm) < 0.5
            ? EdgeMaterial.NickelFoil.AttenuationPerMm(energyEv, f.EdgeEv) * f.ThicknessUm / 1000
            : 0;
        return new BeamState(energyEv, driftXMm, driftZMm, foil);
    }

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

        if (profile.Simulation.Phantom == PhantomKind.NmcParticles && profile.Monochromator is not { } mono)
        {
            return $"instrument '{profile.Name}' simulates nmc-particles, whose attenuation depends on the energy, but has no monochromator";
        }

        if (profile.Simulation.Phantom == PhantomKind.NmcParticles
            && (profile.Monochromator!.MinEv < NiKEdgeTable.Shared.MinEnergyEv || profile.Monochromator.MaxEv > NiKEdgeTable.Shared.MaxEnergyEv))
        {
            return $"instrument '{profile.Name}' simulates nmc-particles, whose cross sections are tabulated for {NiKEdgeTable.Shared.MinEnergyEv}–{NiKEdgeTable.Shared.MaxEnergyEv} eV, but its monochromator spans {profile.Monochromator.MinEv}–{profile.Monochromator.MaxEv} eV";
        }

        if (profile.Monochromator?.ReferenceFoil is not null
            && (profile.Monochromator.MinEv < NiKEdgeTable.Shared.MinEnergyEv || profile.Monochromator.MaxEv > NiKEdgeTable.Shared.MaxEnergyEv))
        {
            return $"instrument '{profile.Name}' has a reference foil, whose Ni cross sections are tabulated for {NiKEdgeTable.Shared.MinEnergyEv}–{NiKEdgeTable.Shared.MaxEnergyEv} eV, but its monochromator spans {profile.Monochromator.MinEv}–{profile.Monochromator.MaxEv} eV";
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
        IProjectable sample = simulation.Phantom switch
        {
            PhantomKind.Battery => Phantoms.Battery(halfWidthMm, simulation.MaxLineIntegral, simulation.Seed),
            PhantomKind.NmcParticles => NmcClusterBuilder.Build(halfWidthMm, profile.Detector.Rows * pixelMm / 2, simulation.ParticleCount, simulation.Seed),
            _ => Phantoms.SheppLogan(halfWidthMm, simulation.MaxLineIntegral),
        };
        var noise = new DetectorNoise(simulation.DarkCounts, simulation.ReadNoiseCounts, simulation.FlatNonUniformity, (1 << profile.Detector.BitDepth) - 1, simulation.DarkCurrentPerS, simulation.ElectronsPerCount);
        var renderer = new ParallelBeamRenderer(sample, profile.Detector.Rows, profile.Detector.Columns, pixelMm, simulation.RotationAxisPx, noise, simulation.Seed);
        return new SimulationScene(profile, sample, renderer, simulation.RotationAxisPx, simulation.ImageDriftPx * pixelMm, simulation.Seed);
    }
}
