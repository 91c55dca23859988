namespace XrayController.Analysis.Xanes;

/// <summary>The study's 63 energies across the Ni K edge (INSTRUMENTS §3): 8178–8318 eV by 10, 8322–8358 by 1, 8370–8570 by 20.</summary>
public static class NiKEdgeEnergies
{
    public static IReadOnlyList<double> Ev { get; } =
    [
        .. Enumerable.Range(0, 15).Select(i => 8178.0 + (10 * i)),
        .. Enumerable.Range(0, 37).Select(i => 8322.0 + i),
        .. Enumerable.Range(0, 11).Select(i => 8370.0 + (20 * i)),
    ];
}
