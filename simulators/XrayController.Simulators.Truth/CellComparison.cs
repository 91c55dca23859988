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
        var coatErrors = new List<double>();
        double coatTruthSum = 0;
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
            foreach (double coat in new[] { crossing.InnerCoatUm, crossing.OuterCoatUm }.Where(double.IsFinite))
            {
                coatErrors.Add(coat - cell.CoatUm(winding));
                coatTruthSum += cell.CoatUm(winding);
            }
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
            falseDefects)
        {
            Coats = coatErrors.Count == 0 ? null : new CoatQuality(
                coatErrors.Count,
                coatErrors.Average(),
                Math.Sqrt(coatErrors.Average(e => e * e)),
                coatErrors.Count(e => Math.Abs(e) <= 3) / (double)coatErrors.Count,
                coatTruthSum / coatErrors.Count),
        };
    }

    /// <summary>
    /// Each of a zoom's void widths against the cell's gap where the cell has its void, and each copper offset against
    /// the cell's where its copper is pushed in by more than half the deflection's depth.
    /// </summary>
    public ZoomQuality Compare(ZoomInspectionResult zoom)
    {
        ArgumentNullException.ThrowIfNull(zoom);
        var kinds = new List<ZoomKindQuality>();
        if (cell.Delamination is { } v)
        {
            kinds.Add(Compared(zoom, "void", c => InArc(cell.Winding(c.XMm, c.YMm).WindingRad, v.Turn, v.FromDeg, v.ToDeg, 0) && c.ZMm >= v.FromZMm && c.ZMm <= v.ToZMm ? v.GapUm : null));
        }

        if (cell.Deflection is { } d)
        {
            kinds.Add(Compared(zoom, "copper", c =>
            {
                double winding = cell.Winding(c.XMm, c.YMm).WindingRad;
                return !double.IsNaN(winding) && cell.DeflectionUm(winding, c.ZMm) > d.DepthUm / 2 ? cell.CopperOffsetUm(winding, c.ZMm) : null;
            }));
        }

        return new ZoomQuality(kinds);
    }

    /// <summary>One kind's measurements where <paramref name="truth"/> has a value, against it.</summary>
    private static ZoomKindQuality Compared(ZoomInspectionResult zoom, string kind, Func<ZoomCrossing, double?> truth)
    {
        ZoomCrossing[] measured = [.. zoom.Crossings.Where(c => c.Kind == kind)];
        (double Measured, double Truth)[] pairs = [.. measured.Select(c => (c.SizeUm, truth(c))).Where(p => p.Item2 is not null).Select(p => (p.SizeUm, p.Item2!.Value))];
        int elsewhere = measured.Length - pairs.Length;
        return pairs.Length == 0
            ? new ZoomKindQuality(kind, 0, double.NaN, double.NaN, double.NaN, double.NaN, elsewhere)
            : new ZoomKindQuality(kind, pairs.Length, pairs.Average(p => p.Measured), pairs.Average(p => p.Truth), pairs.Average(p => p.Measured - p.Truth), Math.Sqrt(pairs.Average(p => Math.Pow(p.Measured - p.Truth, 2))), elsewhere);
    }

    private static bool InVoid(CellDefect d, Delamination v, JellyRoll cell) =>
        d.ZMm >= v.FromZMm - ZToleranceMm && d.ZMm <= v.ToZMm + ZToleranceMm && InArc(cell.Winding(d.XMm, d.YMm).WindingRad, v.Turn, v.FromDeg, v.ToDeg, ArcToleranceDeg);

    private static bool InDeflection(CellDefect d, CopperDeflection c, JellyRoll cell) =>
        d.ZMm >= c.AboveZMm - ZToleranceMm && InArc(cell.Winding(d.XMm, d.YMm).WindingRad, c.Turn, c.FromDeg, c.ToDeg, ArcToleranceDeg);

    private static bool InArc(double winding, int turn, double fromDeg, double toDeg, double toleranceDeg)
    {
        double degrees = (winding * 180 / Math.PI) - (360 * turn);
        return !double.IsNaN(winding) && degrees >= fromDeg - toleranceDeg && degrees <= toDeg + toleranceDeg;
    }
}
