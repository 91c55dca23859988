using XrayController.Core.Diagnostics;

namespace XrayController.Core.Plans;

/// <summary>A parsed plan with the text it came from and where each of its fields sits in that text.</summary>
public sealed record PlanDocument(Plan Plan, string Source, string Text, SourceMap Map);

public sealed record PlanReadResult(PlanDocument? Document, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Document is not null && !Diagnostics.Any(d => d.IsError);
}
