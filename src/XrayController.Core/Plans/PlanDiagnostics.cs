using System.Globalization;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;

namespace XrayController.Core.Plans;

/// <summary>
/// Where a plan's checks report: the plan and the instrument it is checked against, and the diagnostics, each placed
/// at the line and column of its field in the plan file.
/// </summary>
internal sealed class PlanDiagnostics(PlanDocument document, InstrumentProfile profile)
{
    private readonly DiagnosticBag _bag = new(document.Source);

    public Plan Plan => document.Plan;

    public InstrumentProfile Profile => profile;

    public IReadOnlyList<Diagnostic> Items => _bag.Items;

    /// <summary>Whether the plan file writes this field (a message about a value it implies goes to the field it wrote instead).</summary>
    public bool Writes(string path) => document.Map.Find(path).IsKnown;

    public void Error(string path, string message) => _bag.Error(document.Map.Find(path), path, message);

    public void Warning(string path, string message) => _bag.Warning(document.Map.Find(path), path, message);

    public static string Number(double value, int decimals) =>
        value.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
}
