using XrayController.Analysis.Cell;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>How a cell inspection compares with the simulated cell.</summary>
/// <param name="Compared">Electrode crossings compared: those whose middle lies in the phantom's cathode electrode, away from the winding's two ends (a cut electrode has no thickness to measure).</param>
/// <param name="Misplaced">Crossings whose middle is not in the phantom's cathode electrode.</param>
/// <param name="MeanErrorUm">Mean of measured − true thickness (bias).</param>
/// <param name="Within3UmShare">Share of compared crossings measured within ±3 µm.</param>
/// <param name="DefectsFound">The phantom's defects (void, deflected copper) some detected defect of that kind lies in.</param>
/// <param name="FalseDefects">Detected defects in none of the phantom's.</param>
public sealed record CellQuality(int Compared, int Misplaced, double MeanErrorUm, double RmsErrorUm, double Within3UmShare, double MeanTruthUm, int DefectsPlanted, int DefectsFound, int FalseDefects);

/// <summary>A simulation's wound cell, to compare a cell inspection with (<see cref="Scans.ScanTruth"/>).</summary>
public interface ICellTruth
{
    CellQuality Compare(CellInspectionResult inspection);
}
