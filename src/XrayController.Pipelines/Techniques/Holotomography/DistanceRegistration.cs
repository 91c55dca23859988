using XrayController.Reconstruction.Phase;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>
/// Registers a holotomogram's distances on the reference distance's grid: a first pass cross-correlates
/// single-distance Paganin images of a few spread angles, then each measured hologram is registered, twice, on the one
/// the CTF retrieval of all distances predicts.
/// </summary>
internal static class DistanceRegistration
{
    private const int RegistrationAngles = 8;

    /// <summary>Passes of registration against the forward model after the first, Paganin-based one.</summary>
    private const int RegistrationRefinements = 2;

    /// <summary>
    /// Each distance's shift on the reference grid: single-distance Paganin images (δ/β as given, else 100: a low-pass
    /// that makes holograms at different distances alike) of a few spread angles, cross-correlated with the reference's.
    /// </summary>
    public static (double Rows, double Columns)[] Register(HologramSource holograms, PhaseReconstruction.DistanceGroup[] used, double[] scales, PhaseReconstruction.DistanceGroup reference, PropagationGeometry propagation, double? deltaBeta)
    {
        var shifts = new (double Rows, double Columns)[used.Length];
        if (used.Length == 1)
        {
            return shifts;
        }

        int angles = reference.Projections.Length;
        int[] sample = [.. Enumerable.Range(0, Math.Min(RegistrationAngles, angles)).Select(k => k * angles / Math.Min(RegistrationAngles, angles))];
        List<float[]> Filtered(int i)
        {
            var paganin = new PhaseRetriever(holograms.Rows, holograms.Columns, new PropagationGeometry(propagation.EnergyEv, propagation.PixelSizeMm, [propagation.EffectiveDistancesMm[i]]), new PhaseRetrievalSettings(PhaseMethod.Paganin, deltaBeta ?? 100));
            return [.. sample.Select(a =>
            {
                var image = new float[holograms.Rows * holograms.Columns];
                paganin.Retrieve([holograms.Aligned(used[i].Projections[a], used[i], scales[i], (0, 0))], image);
                return image;
            })];
        }

        int referenceIndex = Array.IndexOf(used, reference);
        var registration = new ImageRegistration(Filtered(referenceIndex), holograms.Rows, holograms.Columns);
        for (int i = 0; i < used.Length; i++)
        {
            shifts[i] = i == referenceIndex ? (0, 0) : registration.ShiftOf(Filtered(i));
        }

        for (int pass = 0; pass < RegistrationRefinements; pass++)
        {
            Refine(holograms, used, scales, shifts, referenceIndex, sample, propagation, deltaBeta);
        }

        return shifts;
    }

    /// <summary>
    /// Refines the shifts against the forward model: the CTF retrieval of the sampled angles (holograms aligned with the
    /// current shifts) predicts each distance's hologram, fringes and all, and each measured hologram is registered on
    /// its prediction; what remains is added to that distance's shift.
    /// </summary>
    private static void Refine(HologramSource holograms, PhaseReconstruction.DistanceGroup[] used, double[] scales, (double Rows, double Columns)[] shifts, int referenceIndex, int[] sample, PropagationGeometry propagation, double? deltaBeta)
    {
        int size = holograms.Rows * holograms.Columns;
        var ctf = new PhaseRetriever(holograms.Rows, holograms.Columns, propagation, new PhaseRetrievalSettings(PhaseMethod.Ctf, deltaBeta));
        var measured = used.Select(_ => new List<float[]>()).ToArray();
        var predicted = used.Select(_ => new List<float[]>()).ToArray();
        foreach (int a in sample)
        {
            float[][] set = [.. used.Select((g, i) => holograms.Aligned(g.Projections[a], g, scales[i], shifts[i]))];
            var delta = new float[size];
            ctf.Retrieve(set, delta);
            float[][] model = [.. used.Select(_ => new float[size])];
            ctf.Predict(delta, model);
            for (int i = 0; i < used.Length; i++)
            {
                measured[i].Add(set[i]);
                predicted[i].Add(model[i]);
            }
        }

        for (int i = 0; i < used.Length; i++)
        {
            if (i != referenceIndex)
            {
                (double rows, double columns) = new ImageRegistration(predicted[i], holograms.Rows, holograms.Columns).ShiftOf(measured[i]);
                shifts[i] = (shifts[i].Rows + rows, shifts[i].Columns + columns);
            }
        }
    }
}
