using XrayController.Analysis.Cell;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>How a cell inspection compares with the simulated cell.</summary>
/// <param name="Compared">Electrode crossings compared: those whose middle lies in the phantom's cathode electrode, away from the winding's two ends (a cut electrode has no thickness to measure).</param>
/// <param name="Misplaced">Crossings whose middle is not in the phantom's cathode electrode.</param>
/// <param name="MeanErrorUm">Mean of measured − true thickness (bias).</param>
/// <param name="Within3UmShare">Share of compared crossings measured within ±3 µm.</param>
/// <param name="DefectsFound">The phantom's defects (void, deflected copper) some detected defect of that kind lies in.</param>
/// <param name="FalseDefects">Detected defects in none of the phantom's.</param>
public sealed record CellQuality(int Compared, int Misplaced, double MeanErrorUm, double RmsErrorUm, double Within3UmShare, double MeanTruthUm, int DefectsPlanted, int DefectsFound, int FalseDefects)
{
    /// <summary>Each coat (inner and outer) of the compared crossings against the phantom's coat at the same point of the winding.</summary>
    public CoatQuality? Coats { get; init; }
}

/// <summary>How the measured coats compare with the phantom's: the study's per-coat thickness.</summary>
/// <param name="Compared">Coats measured on compared crossings (two a crossing where the foil was found).</param>
public sealed record CoatQuality(int Compared, double MeanErrorUm, double RmsErrorUm, double Within3UmShare, double MeanTruthUm);

/// <summary>How one kind of a zoom inspection's measurements (void, copper) compares with the simulated cell at the same points.</summary>
/// <param name="Compared">Lines where the cell has that defect (a void; copper pushed in by more than half its greatest depth).</param>
/// <param name="Elsewhere">Lines that measured that kind where the cell has no such defect.</param>
public sealed record ZoomKindQuality(string Kind, int Compared, double MeanMeasuredUm, double MeanTruthUm, double MeanErrorUm, double RmsErrorUm, int Elsewhere);

/// <summary>How a zoom inspection compares with the simulated cell, per kind measured where the cell has that defect.</summary>
public sealed record ZoomQuality(IReadOnlyList<ZoomKindQuality> Kinds);

/// <summary>A simulation's wound cell, to compare a cell inspection with (<see cref="Scans.ScanTruth"/>).</summary>
public interface ICellTruth
{
    CellQuality Compare(CellInspectionResult inspection);

    ZoomQuality Compare(ZoomInspectionResult zoom);
}
