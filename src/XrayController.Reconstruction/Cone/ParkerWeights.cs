namespace XrayController.Reconstruction.Cone;

/// <summary>
/// Parker's (1982) weights for a short scan of π + 2δ (δ the half fan angle): the ray at source angle β (from the
/// first projection) and fan angle γ is measured again at β + π + 2γ with fan angle −γ, and the two weights sum to one,
/// smoothly: sin²(π/4 · β/(δ − γ)) for β ≤ 2δ − 2γ, 1 up to π − 2γ, sin²(π/4 · (π + 2δ − β)/(δ + γ)) up to π + 2δ.
/// Scans longer than π + 2δ use δ' = (range − π)/2 in place of δ, so every projection keeps some weight.
/// </summary>
public static class ParkerWeights
{
    public static double Weight(double betaRad, double gammaRad, double deltaRad)
    {
        if (betaRad < 0 || betaRad > Math.PI + (2 * deltaRad))
        {
            return 0;
        }

        if (betaRad <= (2 * deltaRad) - (2 * gammaRad))
        {
            double s = Math.Sin(Math.PI / 4 * betaRad / (deltaRad - gammaRad));
            return s * s;
        }

        if (betaRad <= Math.PI - (2 * gammaRad))
        {
            return 1;
        }

        double e = Math.Sin(Math.PI / 4 * (Math.PI + (2 * deltaRad) - betaRad) / (deltaRad + gammaRad));
        return e * e;
    }
}
