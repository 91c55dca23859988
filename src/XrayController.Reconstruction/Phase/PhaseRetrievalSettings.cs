using System.Globalization;

namespace XrayController.Reconstruction.Phase;

public enum PhaseMethod
{
    /// <summary>Paganin's single-distance retrieval for a homogeneous object (needs δ/β).</summary>
    Paganin,

    /// <summary>Cloetens's multi-distance contrast-transfer-function least squares; with δ/β, its homogeneous (mixed) variant.</summary>
    Ctf,
}

/// <summary>
/// How to retrieve the phase. <c>DeltaOverBeta</c>: the ratio δ/β of the object's refractive index decrement to its
/// absorption index (Paganin always; CTF optionally, which then assumes the object homogeneous so that absorption
/// follows phase and the lowest frequencies are determined). The CTF's regularisation is added to the sum of squared
/// transfer functions: <c>LowFrequencyRegularisation</c> below the first maximum of the shortest distance's phase
/// transfer sin(πλz f²), <c>HighFrequencyRegularisation</c> above it, blended smoothly. <c>Iterations</c> (CTF only)
/// refines the linear result by that many corrections from the residual between the measured holograms and those the
/// estimate predicts through the full, non-linear forward model (<see cref="HologramModel"/>).
/// </summary>
public sealed record PhaseRetrievalSettings
{
    public PhaseRetrievalSettings(PhaseMethod method, double? deltaOverBeta = null, double lowFrequencyRegularisation = 1e-3, double highFrequencyRegularisation = 1e-2, int iterations = 0)
    {
        if (deltaOverBeta is { } ratio && (!double.IsFinite(ratio) || ratio <= 0))
        {
            throw new ArgumentException(Invariant($"δ/β = {ratio}: it must be a positive number (about 100–1000 for light materials at hard X-ray energies)"), nameof(deltaOverBeta));
        }

        if (method == PhaseMethod.Paganin && deltaOverBeta is null)
        {
            throw new ArgumentException("Paganin's retrieval needs δ/β (give --delta-beta or reconstruction.delta_beta)", nameof(deltaOverBeta));
        }

        if (!(lowFrequencyRegularisation >= 0) || !(highFrequencyRegularisation >= 0) || !double.IsFinite(lowFrequencyRegularisation) || !double.IsFinite(highFrequencyRegularisation))
        {
            throw new ArgumentException(Invariant($"the CTF regularisation ({lowFrequencyRegularisation}, {highFrequencyRegularisation}) must be finite and ≥ 0"));
        }

        if (iterations is < 0 or > 50)
        {
            throw new ArgumentException(Invariant($"{iterations} phase-retrieval iterations: give 0 (the linear CTF) to 50"), nameof(iterations));
        }

        if (iterations > 0 && method != PhaseMethod.Ctf)
        {
            throw new ArgumentException("iterative refinement belongs to the CTF retrieval", nameof(iterations));
        }

        Iterations = iterations;
        Method = method;
        DeltaOverBeta = deltaOverBeta;
        LowFrequencyRegularisation = lowFrequencyRegularisation;
        HighFrequencyRegularisation = highFrequencyRegularisation;
    }

    public PhaseMethod Method { get; }

    public double? DeltaOverBeta { get; }

    public double LowFrequencyRegularisation { get; }

    public double HighFrequencyRegularisation { get; }

    public int Iterations { get; }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
