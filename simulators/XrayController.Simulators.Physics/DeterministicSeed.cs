namespace XrayController.Simulators.Physics;

/// <summary>Seeds derived from (seed, frame, row …) with SplitMix64, so that noise is reproducible whatever the threading.</summary>
public static class DeterministicSeed
{
    public static int Mix(long a, long b, long c = 0)
    {
        ulong x = SplitMix((ulong)a);
        x = SplitMix(x ^ (ulong)b);
        x = SplitMix(x ^ (ulong)c);
        return (int)(x >> 33);
    }

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
