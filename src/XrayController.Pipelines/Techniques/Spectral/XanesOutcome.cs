using System.Globalization;
using System.Text.Json;

namespace XrayController.Pipelines.Techniques.Spectral;

/// <summary>What the end of a spectro-tomography scan produced.</summary>
/// <param name="ReconFile">One volume per energy, /exchange/recon [energy, z, y, x].</param>
/// <param name="AnalysisDirectory">xanes.h5, the CSV tables and the figures.</param>
/// <param name="Quality">Against the simulator's truth, for a simulated scan of the NMC particle cluster.</param>
/// <param name="RegistrationRmsPx">For a simulated scan: RMS of the registration shifts against the image wander the simulator applied, in reconstructed pixels.</param>
public sealed record XanesOutcome(string ReconFile, int Energies, double ReconSeconds, string AnalysisDirectory, double AnalysisSeconds, string Summary, XanesQuality? Quality, double? RegistrationRmsPx) : ITechniqueOutcome
{
    /// <summary>The stack: the monitor shows its volume at the highest energy, above the edge.</summary>
    public string? VolumeFile => ReconFile;

    /// <summary>The orthoslices of the volume at the plan's figures energy, by default the highest, above the edge (<see cref="FinalVolumeFigures"/>).</summary>
    public IReadOnlyList<string> Figures { get; init; } = [];

    public string Describe()
    {
        string lines = string.Create(CultureInfo.InvariantCulture, $"reconstructed {Energies} energies in {ReconSeconds:0.0} s -> {ReconFile}{FinalVolumeFigures.Describe(Figures)}{Environment.NewLine}XANES analysis in {AnalysisSeconds:0.0} s -> {AnalysisDirectory}{Environment.NewLine}{Summary}");
        return Quality is not { } q ? lines : lines + Environment.NewLine + string.Create(CultureInfo.InvariantCulture,
            $"against the simulated truth: edge energy RMS error {q.EdgeRmsEv:0.000} eV over {q.InteriorVoxels - q.InteriorMasked} interior voxels ({q.InteriorMasked} masked); grain means RMS error {q.GrainMeanRmsEv:0.000} eV over {q.GrainsCompared} grains, grain std within 20 % for {q.GrainStdWithin20Percent:P0} (median ratio {q.GrainStdRatioMedian:0.00}); fragment volumes within 5 % for {q.FragmentsWithin5Percent} of {q.FragmentsCompared} (largest error {q.FragmentVolumeMaxError:P1}); damage class right for {q.DamageClassesAgreeing} of {q.ParticlesCompared} particles; registration of the energies {RegistrationRmsPx:0.000} px RMS from the simulated image wander");
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("recon", ReconFile);
        json.WriteNumber("energies", Energies);
        json.WriteNumber("recon_s", Math.Round(ReconSeconds, 2));
        FinalVolumeFigures.WriteJson(json, Figures);
        json.WriteString("analysis_dir", AnalysisDirectory);
        json.WriteNumber("analysis_s", Math.Round(AnalysisSeconds, 2));
        if (RegistrationRmsPx is { } registration)
        {
            json.WriteNumber("registration_rms_px", Math.Round(registration, 4));
        }
        else
        {
            json.WriteNull("registration_rms_px");
        }

        if (Quality is { } q)
        {
            json.WriteStartObject("truth");
            json.WriteNumber("interior_voxels", q.InteriorVoxels);
            json.WriteNumber("interior_masked", q.InteriorMasked);
            json.WriteNumber("edge_rms_ev", Math.Round(q.EdgeRmsEv, 4));
            json.WriteNumber("grains_compared", q.GrainsCompared);
            json.WriteNumber("grain_mean_rms_ev", Math.Round(q.GrainMeanRmsEv, 4));
            json.WriteNumber("grain_std_within_20_percent", Math.Round(q.GrainStdWithin20Percent, 4));
            json.WriteNumber("grain_std_ratio_median", Math.Round(q.GrainStdRatioMedian, 4));
            json.WriteNumber("fragments_compared", q.FragmentsCompared);
            json.WriteNumber("fragment_volume_max_error", Math.Round(q.FragmentVolumeMaxError, 4));
            json.WriteNumber("fragments_within_5_percent", q.FragmentsWithin5Percent);
            json.WriteNumber("particles_compared", q.ParticlesCompared);
            json.WriteNumber("damage_classes_agreeing", q.DamageClassesAgreeing);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("truth");
        }

        json.WriteEndObject();
    }
}
