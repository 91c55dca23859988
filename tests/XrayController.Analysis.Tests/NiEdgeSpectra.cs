using XrayController.Analysis.Xanes;

namespace XrayController.Analysis.Tests;

/// <summary>Test spectra with a known edge: sloping background plus an arctangent step of chosen height and position.</summary>
internal static class NiEdgeSpectra
{
    /// <summary>The preset's 63 energies (INSTRUMENTS §3): 8178–8318 by 10, 8322–8358 by 1, 8370–8570 by 20.</summary>
    public static double[] PresetEnergies { get; } = [.. NiKEdgeEnergies.Ev];

    /// <summary>μ(E): a falling background, then a step of <paramref name="jump"/> centred on <paramref name="edgeEv"/> whose post-edge also falls.</summary>
    public static double Attenuation(double energyEv, double edgeEv, double jump, double widthEv = 2.5) =>
        (jump * 1.2 * (1 - ((energyEv - 8178) / 2500))) + (jump * (0.5 + (Math.Atan((energyEv - edgeEv) / (widthEv / 2)) / Math.PI)) * (1 - ((energyEv - edgeEv) / 3000)));

    /// <summary>A stack whose voxel i has edge energy <paramref name="edgesEv"/>[i], with Gaussian noise of <paramref name="noise"/> × jump.</summary>
    public static SpectralStack Stack(double[] energies, float[] edgesEv, double jump, double noise, int seed)
    {
        var random = new Random(seed);
        float[][] volumes = [.. energies.Select(_ => new float[edgesEv.Length])];
        for (int k = 0; k < energies.Length; k++)
        {
            for (int i = 0; i < edgesEv.Length; i++)
            {
                double value = float.IsNaN(edgesEv[i]) ? 0 : Attenuation(energies[k], edgesEv[i], jump);
                volumes[k][i] = (float)(value + (noise * jump * Gaussian(random)));
            }
        }

        return new SpectralStack(energies, new VolumeShape(1, 1, edgesEv.Length), volumes, 0.1, "test stack");
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
