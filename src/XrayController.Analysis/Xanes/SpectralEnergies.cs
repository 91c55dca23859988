using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Xanes;

/// <summary>The check every spectral stack makes of its energy axis: finite values that rise strictly.</summary>
internal static class SpectralEnergies
{
    public static double[] Checked(IReadOnlyList<double> energiesEv, string source)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        for (int k = 0; k < energiesEv.Count; k++)
        {
            if (!double.IsFinite(energiesEv[k]))
            {
                throw new InputException($"{source}: energy [{k}] is {energiesEv[k]}, not a number of eV");
            }

            if (k > 0 && energiesEv[k] <= energiesEv[k - 1])
            {
                string what = energiesEv[k] == energiesEv[k - 1] ? "repeats" : "is below";
                throw new InputException($"{source}: energy [{k}] = {energiesEv[k]} eV {what} energy [{k - 1}] = {energiesEv[k - 1]} eV; energies must rise strictly");
            }
        }

        return [.. energiesEv];
    }
}
