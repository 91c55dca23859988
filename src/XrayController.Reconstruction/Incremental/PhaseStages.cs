using XrayController.Reconstruction.Phase;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Incremental;

/// <summary>Live single-distance preview: Paganin's retrieval of the projections taken at one distance; the others are held back.</summary>
public sealed class PaganinStage(int rows, int columns, int distanceIndex, PropagationGeometry geometry, double deltaOverBeta) : IProjectionStage
{
    private readonly PhaseRetriever _retriever = new(rows, columns, geometry, new PhaseRetrievalSettings(PhaseMethod.Paganin, deltaOverBeta));
    private readonly float[] _intensity = new float[rows * columns];

    public bool Apply(float[] lineIntegrals, double angleDeg, ReferenceCondition condition)
    {
        ArgumentNullException.ThrowIfNull(lineIntegrals);
        if (condition.DistanceIndex != distanceIndex)
        {
            return false;
        }

        for (int i = 0; i < _intensity.Length; i++)
        {
            _intensity[i] = MathF.Exp(-lineIntegrals[i]);
        }

        _retriever.Retrieve([_intensity], lineIntegrals);
        return true;
    }
}

/// <summary>
/// Live multi-distance result: each distance's projection, as intensity rescaled onto the reference magnification
/// (<c>scales[d]</c> = M_ref / M_d), is kept until the same angle has arrived at every distance; then the CTF
/// retrieval of the set is back-projected and the set freed. Angles match to a microdegree. Holds, at most, one image
/// per angle and distance until its set is complete.
/// </summary>
public sealed class MultiDistanceStage(int rows, int columns, PropagationGeometry geometry, PhaseRetrievalSettings settings, IReadOnlyList<double> scales) : IProjectionStage
{
    private readonly PhaseRetriever _retriever = new(rows, columns, geometry, settings);
    private readonly Dictionary<long, float[]?[]> _pending = [];

    /// <summary>Images held while their angle waits for other distances.</summary>
    public int Held => _pending.Values.Sum(set => set.Count(image => image is not null));

    public bool Apply(float[] lineIntegrals, double angleDeg, ReferenceCondition condition)
    {
        ArgumentNullException.ThrowIfNull(lineIntegrals);
        int d = condition.DistanceIndex;
        if (d < 0 || d >= scales.Count)
        {
            return false;
        }

        var intensity = new float[lineIntegrals.Length];
        for (int i = 0; i < intensity.Length; i++)
        {
            intensity[i] = MathF.Exp(-lineIntegrals[i]);
        }

        if (scales[d] != 1)
        {
            intensity = Magnification.Rescale(intensity, rows, columns, scales[d]);
        }

        long key = (long)Math.Round(angleDeg * 1e6);
        if (!_pending.TryGetValue(key, out float[]?[]? set))
        {
            set = new float[]?[scales.Count];
            _pending[key] = set;
        }

        set[d] = intensity;
        if (set.Any(image => image is null))
        {
            return false;
        }

        _pending.Remove(key);
        _retriever.Retrieve([.. set.Select(image => image!)], lineIntegrals);
        return true;
    }
}
