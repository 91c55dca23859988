namespace XrayController.Core.Steps;

public sealed record FrameCounts(int Projections, int Flats, int Darks)
{
    public int Total => Projections + Flats + Darks;
}
