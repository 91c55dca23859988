namespace XrayController.Core.Diagnostics;

/// <summary>A position in an input file: 1-based line and column; <see cref="None"/> when the input has no position (a derived quantity).</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public static SourceLocation None { get; } = new(0, 0);

    public bool IsKnown => Line > 0;
}
