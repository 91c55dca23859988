using XrayController.Analysis.Cell;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Simulators.Physics.Cell;

namespace XrayController.Simulators.Truth;

/// <summary>
/// Compares a cell inspection with the simulated wound cell: each electrode crossing's thickness against the cathode
/// electrode's at that point of the winding, and each detected defect against the planted void and deflected copper.
/// </summary>
internal sealed class CellComparison(JellyRoll cell) : ICellTruth
{
    /// <summary>How far (rad of winding) from the winding's ends a crossing must be to be compared.</summary>
    private const double EndMarginRad = 0.1;

    /// <summary>How far (mm) outside a planted defect's height range, and (degrees) outside its arc, a detection still counts as it.</summary>
    private const double ZToleranceMm = 0.03;
    private const double ArcToleranceDeg = 5;

    public CellQuality Compare(CellInspectionResult inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var errors = new List<double>();
        double truthSum = 0;
        int misplaced = 0;
        foreach (ElectrodeCrossing crossing in inspection.Crossings)
        {
            (double winding, double depthMm) = cell.Winding(crossing.XMm, crossing.YMm);
            if (double.IsNaN(winding) || depthMm * 1000 > cell.CathodeElectrodeUm(winding))
            {
                misplaced++;
                continue;
            }

            if (winding < EndMarginRad || winding > cell.EndRad - EndMarginRad || Math.Abs(crossing.ZMm) > cell.HalfHeightMm)
            {
                continue;
            }

            double truth = cell.CathodeElectrodeUm(winding);
            errors.Add(crossing.ThicknessUm - truth);
            truthSum += truth;
        }

        int planted = (cell.Delamination is null ? 0 : 1) + (cell.Deflection is null ? 0 : 1);
        bool voidFound = cell.Delamination is { } v && inspection.Defects.Any(d => d.Kind == "void" && InVoid(d, v, cell));
        bool copperFound = cell.Deflection is { } c && inspection.Defects.Any(d => d.Kind == "copper-deflection" && InDeflection(d, c, cell));
        int falseDefects = inspection.Defects.Count(d => d.Kind == "void"
            ? cell.Delamination is not { } dv || !InVoid(d, dv, cell)
            : cell.Deflection is not { } dc || !InDeflection(d, dc, cell));
        return new CellQuality(
            errors.Count,
            misplaced,
            errors.Count == 0 ? double.NaN : errors.Average(),
            errors.Count == 0 ? double.NaN : Math.Sqrt(errors.Average(e => e * e)),
            errors.Count == 0 ? double.NaN : errors.Count(e => Math.Abs(e) <= 3) / (double)errors.Count,
            errors.Count == 0 ? double.NaN : truthSum / errors.Count,
            planted,
            (voidFound ? 1 : 0) + (copperFound ? 1 : 0),
            falseDefects);
    }

    private static bool InVoid(CellDefect d, Delamination v, JellyRoll cell) =>
        d.ZMm >= v.FromZMm - ZToleranceMm && d.ZMm <= v.ToZMm + ZToleranceMm && InArc(cell.Winding(d.XMm, d.YMm).WindingRad, v.Turn, v.FromDeg, v.ToDeg);

    private static bool InDeflection(CellDefect d, CopperDeflection c, JellyRoll cell) =>
        d.ZMm >= c.AboveZMm - ZToleranceMm && InArc(cell.Winding(d.XMm, d.YMm).WindingRad, c.Turn, c.FromDeg, c.ToDeg);

    private static bool InArc(double winding, int turn, double fromDeg, double toDeg)
    {
        double degrees = (winding * 180 / Math.PI) - (360 * turn);
        return !double.IsNaN(winding) && degrees >= fromDeg - ArcToleranceDeg && degrees <= toDeg + ArcToleranceDeg;
    }
}
