using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Simulators.Physics;
using XrayController.Simulators.Physics.Cell;
using XrayController.Simulators.Physics.Holography;
using XrayController.Simulators.Physics.Spectral;

namespace XrayController.Simulators;

/// <summary>What the beam carries and does while a frame is taken (see <see cref="SimulationScene.Beam"/>).</summary>
public readonly record struct BeamState(double EnergyEv, double DriftXMm, double DriftZMm, double FoilLineIntegral, double FocusToSampleMm = double.NaN);

/// <summary>
/// What a simulated profile images and how: the sample (the truth), the renderer of its projections, and the true
/// rotation axis. An achromatic phantom (Shepp–Logan, battery) is in <see cref="Phantom"/>; the XANES particle cluster,
/// whose attenuation depends on the energy, in <see cref="Xanes"/>; the holotomography cathode piece, seen through its
/// refractive index in a cone beam, in <see cref="Cathode"/>. A cone-beam profile with a fixed source (lab CT) renders
/// the achromatic phantoms with exact cone-beam line integrals.
/// </summary>
public sealed class SimulationScene
{
    private readonly InstrumentProfile _profile;
    private readonly double _driftMm;
    private readonly int _seed;

    private SimulationScene(InstrumentProfile profile, object sample, IFrameRenderer renderer, double rotationAxisPx, double driftMm, int seed)
    {
        _profile = profile;
        Sample = sample;
        Renderer = renderer;
        RotationAxisPx = rotationAxisPx;
        _driftMm = driftMm;
        _seed = seed;
    }

    /// <summary>The sample: an <see cref="IProjectable"/> in a parallel beam, an <see cref="IPhaseSample"/> in holotomography.</summary>
    public object Sample { get; }

    /// <summary>The achromatic phantom being imaged, in the sample frame (mm, 1/mm), or null for a spectral sample.</summary>
    public Phantom? Phantom => Sample as Phantom;

    /// <summary>The XANES particle cluster being imaged, or null.</summary>
    public XanesPhantom? Xanes => Sample as XanesPhantom;

    /// <summary>The wound cell being imaged (lab CT), or null.</summary>
    public VoxelisedCell? Cell => Sample as VoxelisedCell;

    /// <summary>The sample as a cone-beam renderer images it (μ along rays, μ at points), or null for spectral and phase samples.</summary>
    public IAttenuatingSample? Attenuating => Sample as IAttenuatingSample;

    /// <summary>The holotomography cathode piece being imaged, or null.</summary>
    public CathodePiece? Cathode => Sample as CathodePiece;

    internal IFrameRenderer Renderer { get; }

    /// <summary>The true rotation-axis column in unbinned pixels.</summary>
    public double RotationAxisPx { get; }

    /// <summary>
    /// The true rotation-axis column in the stored pixels of a plan's binning: its panel moved by the plan's detector
    /// offset, and the axis carried across the beam by the sample stage's in-beam position.
    /// </summary>
    public double RotationAxisPxAt(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        DetectorSettings detector = plan.Detector;
        double axis = ParallelBeamRenderer.BinnedAxisColumn(RotationAxisPx, detector.Binning) - ((detector.OffsetMm ?? 0) / (_profile.Detector.PixelSizeUm / 1000 * detector.Binning));
        if (plan.Sample.InBeamMm.TryGetValue('x', out double acrossMm) && _profile.Axes.TryGetValue(InstrumentProfile.SampleX, out LinearAxisProfile? stage))
        {
            axis += (acrossMm - stage.InitialMm) / (ProfileGeometry.EffectivePixelUm(_profile, plan.Distances?.FocusToSampleMm[0]) / 1000 * detector.Binning);
        }

        return axis;
    }

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
    /// energy (plus, in holotomography, the sample's sideways motion when its travel along the beam is misaligned),
    /// the focus-to-sample distance, and ∫μ ds of the reference foil when its axis stands within half a millimetre of the in-beam position
    /// (the foil then covers the whole beam).
    /// </summary>
    /// <param name="monochromatorEv">The energy the monochromator's Bragg angle selects, NaN without one.</param>
    /// <param name="axisMm">Where a named linear axis stands, or null when the instrument has no such axis.</param>
    public BeamState Beam(double monochromatorEv, Func<string, double?> axisMm)
    {
        ArgumentNullException.ThrowIfNull(axisMm);
        double energyEv = monochromatorEv + (_profile.Simulation?.EnergyOffsetEv ?? 0);
        (double driftXMm, double driftZMm) = DriftMm(energyEv);
        double focusToSample = axisMm(InstrumentProfile.FocusToSample) ?? double.NaN;
        if (_profile.Simulation is { } simulation && double.IsFinite(focusToSample) && _profile.Axes.TryGetValue(InstrumentProfile.FocusToSample, out LinearAxisProfile? axis))
        {
            double travel = focusToSample - axis.InitialMm;
            driftXMm += simulation.TravelMisalignmentMrad.AcrossMrad * 1e-3 * travel;
            driftZMm += simulation.TravelMisalignmentMrad.UpMrad * 1e-3 * travel;
        }

        double foil = _profile.Monochromator?.ReferenceFoil is { } f && axisMm(f.Axis) is { } foilMm && Math.Abs(foilMm - f.InMm) < 0.5
            ? EdgeMaterial.NickelFoil.AttenuationPerMm(energyEv, f.EdgeEv) * f.ThicknessUm / 1000
            : 0;
        return new BeamState(energyEv, driftXMm, driftZMm, foil, focusToSample);
    }

    /// <summary>Why a profile cannot be simulated, or null when it can.</summary>
    public static string? WhyNotSimulatable(InstrumentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Simulation is null)
        {
            return $"instrument '{profile.Name}' has no simulation section";
        }

        if (profile.Simulation.Phantom == PhantomKind.CathodePiece)
        {
            return WhyNotHolographic(profile);
        }

        if (profile.Geometry.Beam != BeamKind.Parallel && (profile.Geometry.SourceToObjectMm is null || profile.Geometry.SourceToDetectorMm is null))
        {
            return $"instrument '{profile.Name}' has a cone beam without both source_to_object_mm and source_to_detector_mm; the simulator renders a cone beam from a fixed source (lab CT) or, for the cathode-piece phantom, by Fresnel propagation (holotomography)";
        }

        if (profile.Simulation.Phantom == PhantomKind.JellyRoll && (profile.Geometry.Beam != BeamKind.Cone || profile.Geometry.SourceToObjectMm is null))
        {
            return $"instrument '{profile.Name}' simulates a jelly-roll cell, which the simulator renders in a cone beam from a fixed source (lab CT) only";
        }

        InstrumentProfile main = profile.Main ?? profile;
        if (profile.Simulation.Phantom == PhantomKind.JellyRoll && CellPhantom.Turns(main.Detector.Columns * ProfileGeometry.EffectivePixelUm(main) / 2000) is var turns && turns < CellPhantom.MinimumTurns)
        {
            return $"instrument '{profile.Name}' simulates a jelly-roll cell, but its main detector's field of view holds {turns} whole turns of the roll; it needs {CellPhantom.MinimumTurns} (a wider detector or a larger pixel)";
        }

        if (profile.Geometry.Beam != BeamKind.Parallel && profile.Simulation.Phantom == PhantomKind.NmcParticles)
        {
            return $"instrument '{profile.Name}' simulates nmc-particles, which the simulator renders in a parallel beam only";
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
        var noise = new DetectorNoise(simulation.DarkCounts, simulation.ReadNoiseCounts, simulation.FlatNonUniformity, (1 << profile.Detector.BitDepth) - 1, simulation.DarkCurrentPerS, simulation.ElectronsPerCount);
        if (simulation.Phantom == PhantomKind.CathodePiece)
        {
            return CreateHolographic(profile, noise);
        }

        // The sample is the one the main detector was sized for, whichever detector configuration images it.
        InstrumentProfile main = profile.Main ?? profile;
        double pixelMm = ProfileGeometry.EffectivePixelUm(main) / 1000;
        double halfWidthMm = main.Detector.Columns * pixelMm / 2;
        if (simulation.Phantom == PhantomKind.JellyRoll)
        {
            VoxelisedCell cell = CellPhantom.Build(halfWidthMm, main.Detector.Rows * pixelMm, pixelMm / 2, simulation.Seed);
            var cellRenderer = new ConeBeamRenderer(cell, profile.Detector.Rows, profile.Detector.Columns, profile.Detector.PixelSizeUm / profile.Geometry.OpticalMagnification / 1000, profile.Geometry.SourceToObjectMm!.Value, profile.Geometry.SourceToDetectorMm!.Value, simulation.RotationAxisPx, noise, simulation.Seed);
            return new SimulationScene(profile, cell, cellRenderer, simulation.RotationAxisPx, 0, simulation.Seed);
        }

        IProjectable sample = simulation.Phantom switch
        {
            PhantomKind.Battery => Phantoms.Battery(halfWidthMm, simulation.MaxLineIntegral, simulation.Seed),
            PhantomKind.NmcParticles => NmcClusterBuilder.Build(halfWidthMm, main.Detector.Rows * pixelMm / 2, simulation.ParticleCount, simulation.Seed),
            _ => Phantoms.SheppLogan(halfWidthMm, simulation.MaxLineIntegral),
        };
        if (profile.Geometry.Beam == BeamKind.Cone)
        {
            var cone = new ConeBeamRenderer((Phantom)sample, profile.Detector.Rows, profile.Detector.Columns, profile.Detector.PixelSizeUm / profile.Geometry.OpticalMagnification / 1000, profile.Geometry.SourceToObjectMm!.Value, profile.Geometry.SourceToDetectorMm!.Value, simulation.RotationAxisPx, noise, simulation.Seed);
            return new SimulationScene(profile, sample, cone, simulation.RotationAxisPx, 0, simulation.Seed);
        }

        double imagedPixelMm = ProfileGeometry.EffectivePixelUm(profile) / 1000;
        var renderer = new ParallelBeamRenderer(sample, profile.Detector.Rows, profile.Detector.Columns, imagedPixelMm, simulation.RotationAxisPx, noise, simulation.Seed);
        return new SimulationScene(profile, sample, renderer, simulation.RotationAxisPx, simulation.ImageDriftPx * imagedPixelMm, simulation.Seed);
    }

    /// <summary>
    /// The cathode piece fills a pillar whose radius is 36 % of the field's width at the reference distance (the
    /// focus_to_sample axis's initial position), from 36 % of the field's height below its centre to 36 % above: a
    /// margin of some Fresnel-zone widths all round, so the fringes of its edges stay on the detector.
    /// </summary>
    private static SimulationScene CreateHolographic(InstrumentProfile profile, DetectorNoise noise)
    {
        SimulationProfile simulation = profile.Simulation!;
        double referenceZ1 = profile.Axes[InstrumentProfile.FocusToSample].InitialMm;
        double detectorPixelMm = profile.Detector.PixelSizeUm / profile.Geometry.OpticalMagnification / 1000;
        double sdd = profile.Geometry.SourceToDetectorMm!.Value;
        double pixelAtSample = detectorPixelMm * referenceZ1 / sdd;
        double width = profile.Detector.Columns * pixelAtSample;
        double height = profile.Detector.Rows * pixelAtSample;
        CathodePiece piece = CathodePieceBuilder.Build(0.36 * width, -0.36 * height, 0.36 * height, simulation.ParticleCount, simulation.Seed);
        var renderer = new HolotomoRenderer(piece, profile.Detector.Rows, profile.Detector.Columns, detectorPixelMm, sdd, simulation.RotationAxisPx, referenceZ1, noise, simulation.Seed)
        {
            Blur = new HologramBlur(simulation.SourceSizeUm / 1000, simulation.DetectorBlurPx),
        };
        return new SimulationScene(profile, piece, renderer, simulation.RotationAxisPx, 0, simulation.Seed);
    }

    private static string? WhyNotHolographic(InstrumentProfile profile)
    {
        if (profile.Geometry.Beam != BeamKind.Cone || profile.Geometry.SourceToDetectorMm is null || profile.Geometry.SourceToObjectMm is not null)
        {
            return $"instrument '{profile.Name}' simulates a cathode-piece, which is imaged by holography in a cone beam from a focus: give geometry.beam cone with source_to_detector_mm and no fixed source_to_object_mm";
        }

        if (!profile.Axes.ContainsKey(InstrumentProfile.FocusToSample))
        {
            return $"instrument '{profile.Name}' simulates a cathode-piece but has no {InstrumentProfile.FocusToSample} axis to set the propagation distance";
        }

        RefractiveIndexTable table = RefractiveIndexTable.Shared;
        if (profile.Monochromator is not { } mono)
        {
            return $"instrument '{profile.Name}' simulates a cathode-piece, whose refractive index depends on the energy, but has no monochromator";
        }

        if (mono.MinEv < table.MinEnergyEv || mono.MaxEv > table.MaxEnergyEv)
        {
            return $"instrument '{profile.Name}' simulates a cathode-piece, whose refractive indices are tabulated for {table.MinEnergyEv}–{table.MaxEnergyEv} eV, but its monochromator spans {mono.MinEv}–{mono.MaxEv} eV";
        }

        return profile.Detector.BitDepth > 16 ? $"instrument '{profile.Name}' has a {profile.Detector.BitDepth}-bit detector; the simulator renders 16-bit frames" : null;
    }
}
