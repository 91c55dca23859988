namespace XrayController.Core.Plans;

/// <summary>The axes a plan can nest, in the spelling of the plan's <c>order</c> list.</summary>
public enum ScanAxis
{
    Energy,
    Distances,
    Tiles,
    Rotation,
}
