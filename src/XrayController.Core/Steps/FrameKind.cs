namespace XrayController.Core.Steps;

/// <summary>What a frame shows; the values are NXtomo's <c>image_key</c>.</summary>
public enum FrameKind
{
    Projection = 0,
    Flat = 1,
    Dark = 2,
    Invalid = 3,
}
