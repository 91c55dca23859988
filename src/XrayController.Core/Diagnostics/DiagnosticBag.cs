namespace XrayController.Core.Diagnostics;

/// <summary>Collects every finding of a read or a validation so that all of them are reported, not only the first.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public DiagnosticBag(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
    }

    public string Source { get; }

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Error(SourceLocation location, string path, string message) =>
        _items.Add(new Diagnostic(Severity.Error, Source, location, path, message));

    public void Warning(SourceLocation location, string path, string message) =>
        _items.Add(new Diagnostic(Severity.Warning, Source, location, path, message));
}
