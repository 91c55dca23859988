namespace XrayController.Core.Plans;

public enum Technique
{
    ParallelCt,
    ConeCt,
    Holotomography,
    SpectroTomography,
}
