namespace XrayController.Core.Diagnostics;

/// <summary>
/// One finding about an input: which file, where in it, which field (dotted path such as <c>energy.regions[1].step_ev</c>), and what is wrong.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Source, SourceLocation Location, string Path, string Message)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>Formats as <c>plans/x.yaml:14:5: energy.regions[1].step_ev: must be &gt; 0</c>, the form compilers use so editors can jump to it.</summary>
    public override string ToString()
    {
        string where = Location.IsKnown ? $"{Source}:{Location.Line}:{Location.Column}" : Source;
        string prefix = Severity == Severity.Warning ? "warning: " : string.Empty;
        return Path.Length == 0 ? $"{where}: {prefix}{Message}" : $"{where}: {prefix}{Path}: {Message}";
    }
}
