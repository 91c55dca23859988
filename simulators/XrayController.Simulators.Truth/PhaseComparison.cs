using XrayController.Analysis.Fragments;
using XrayController.Core.Instruments;
using XrayController.Pipelines.Techniques.Holotomography;
using XrayController.Reconstruction.Backprojection;
using XrayController.Simulators.Physics.Holography;

namespace XrayController.Simulators.Truth;

/// <summary>How a reconstructed δ volume, and the registration of the distances, compare with the phase sample the simulator imaged.</summary>
internal sealed class PhaseComparison(IPhaseSample piece, SimulationScene scene) : IPhaseTruth
{
    public PhaseQuality Compare(PhaseVolume volume, int detectorRows, double energyEv, FragmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        float[] truth = Truth(volume, detectorRows, energyEv);
        var truthVolume = new PhaseVolume(volume.Shape, truth, volume.VoxelUm, "delta", "the simulated truth");
        return new PhaseQuality(Correlation(volume, truth), FragmentAnalysis.Run(truthVolume, options));
    }

    public double Correlation(PhaseVolume volume, int detectorRows, double energyEv)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return Correlation(volume, Truth(volume, detectorRows, energyEv));
    }

    /// <summary>
    /// The simulator displaced the sample at each distance (a misaligned travel along the beam) by (x, z) mm: relative to
    /// the reference distance that is (x − x_ref) / pixel columns and −(z − z_ref) / pixel rows on the reference grid,
    /// which the registration should have found.
    /// </summary>
    public double RegistrationRmsPx(PhaseReport phase, double energyEv, IReadOnlyList<double> distancesMm)
    {
        ArgumentNullException.ThrowIfNull(phase);
        BeamState At(int index) => scene.Beam(energyEv, name => name == InstrumentProfile.FocusToSample ? distancesMm[index] : null);
        BeamState reference = At(phase.ReferenceDistance);
        double pixelMm = phase.PixelUm / 1000;
        double sum = 0;
        for (int i = 0; i < phase.Distances.Count; i++)
        {
            BeamState beam = At(phase.Distances[i]);
            double columns = (beam.DriftXMm - reference.DriftXMm) / pixelMm;
            double rows = -(beam.DriftZMm - reference.DriftZMm) / pixelMm;
            sum += Math.Pow(phase.ShiftsPx[i].Columns - columns, 2) + Math.Pow(phase.ShiftsPx[i].Rows - rows, 2);
        }

        return Math.Sqrt(sum / (2 * phase.Distances.Count));
    }

    /// <summary>The truth's δ averaged over each voxel of the volume's grid.</summary>
    private float[] Truth(PhaseVolume volume, int detectorRows, double energyEv) =>
        PhaseTruth.Delta(piece, volume.Shape.Depth, volume.Shape.Width, volume.VoxelUm / 1000, detectorRows, energyEv);

    /// <summary>Pearson's r between the reconstructed δ and the truth's (averaged over each voxel) inside the reconstruction circle, every slice.</summary>
    private static double Correlation(PhaseVolume volume, float[] truth)
    {
        int size = volume.Shape.Width;
        var grid = new ReconstructionGrid(size);
        double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < volume.Values.Length; i++)
        {
            (_, int y, int x) = volume.Shape.Coordinates(i);
            if (grid.InCircle(y, x, (size / 2) - 2))
            {
                double a = volume.Values[i], b = truth[i];
                n++;
                sa += a;
                sb += b;
                saa += a * a;
                sbb += b * b;
                sab += a * b;
            }
        }

        double cov = sab - (sa * sb / n);
        return cov / Math.Sqrt((saa - (sa * sa / n)) * (sbb - (sb * sb / n)));
    }
}
