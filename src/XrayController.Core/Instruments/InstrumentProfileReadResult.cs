using XrayController.Core.Diagnostics;

namespace XrayController.Core.Instruments;

public sealed record InstrumentProfileReadResult(InstrumentProfile? Profile, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Profile is not null && !Diagnostics.Any(d => d.IsError);
}
