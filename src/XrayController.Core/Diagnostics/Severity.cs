namespace XrayController.Core.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}
