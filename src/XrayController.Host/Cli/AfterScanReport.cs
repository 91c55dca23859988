namespace XrayController.Host.Cli;

/// <summary><c>plan check</c>'s estimate of the job after the scan: each reconstruction and analysis, or why the job would be refused.</summary>
internal sealed record AfterScanReport(IReadOnlyList<EstimateReport> Jobs, string? Refusal);
