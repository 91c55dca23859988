using XrayController.Analysis.Xanes;

namespace XrayController.Pipelines.Techniques.Spectral;

/// <summary>How a XANES analysis of a simulated scan compares with the particle cluster that was imaged.</summary>
/// <param name="InteriorVoxels">Voxels at least one voxel inside a grain of the truth (their six neighbours are in grains too).</param>
/// <param name="InteriorMasked">Of those, how many the analysis masked.</param>
/// <param name="EdgeRmsEv">RMS of measured − true edge energy over the unmasked interior voxels.</param>
/// <param name="GrainsCompared">Grains of the analysis's table with at least 30 voxels in their statistics, each matched to the true grain under most of their voxels.</param>
/// <param name="GrainMeanRmsEv">RMS of measured − true grain mean edge energy.</param>
/// <param name="GrainStdWithin20Percent">Share of compared grains whose edge-energy spread (standard deviation with the measurement noise taken off) is within 20 % of the truth's standard deviation.</param>
/// <param name="GrainStdRatioMedian">Median of measured spread / true standard deviation.</param>
/// <param name="FragmentsCompared">True fragments of at least 100 voxels, each matched to the measured fragment over most of it.</param>
/// <param name="FragmentVolumeMaxError">Largest relative volume error among them.</param>
/// <param name="FragmentsWithin5Percent">How many are within 5 %.</param>
/// <param name="ParticlesCompared">Particles of the truth, each matched to the measured particle over most of it.</param>
/// <param name="DamageClassesAgreeing">Of those, how many got the damage class that the truth's own fragments give by the same rule.</param>
public sealed record XanesQuality(
    int InteriorVoxels,
    int InteriorMasked,
    double EdgeRmsEv,
    int GrainsCompared,
    double GrainMeanRmsEv,
    double GrainStdWithin20Percent,
    double GrainStdRatioMedian,
    int FragmentsCompared,
    double FragmentVolumeMaxError,
    int FragmentsWithin5Percent,
    int ParticlesCompared,
    int DamageClassesAgreeing);

/// <summary>A simulation's particle cluster, to compare a XANES analysis and the registration of the energies with (<see cref="Scans.ScanTruth"/>).</summary>
public interface IXanesTruth
{
    /// <param name="detectorRows">Rows of the scan's (binned) frames: the volume's heights are counted from the detector's middle row.</param>
    /// <param name="referenceEnergyEv">The energy the others were registered onto: the truth is placed where its image was.</param>
    XanesQuality Compare(XanesResult result, int detectorRows, double referenceEnergyEv);

    /// <summary>RMS (in voxels) of each energy's registration shift (rows, columns, relative to the last energy) against the image wander the simulation applied.</summary>
    double RegistrationRmsPx(IReadOnlyList<double> energiesEv, IReadOnlyList<(double Rows, double Columns)> shiftsPx, double voxelUm);
}
