namespace XrayController.Protocols.Keithley6485;

/// <summary>The SCPI commands of the Keithley 6485/6487 subset in <c>keithley-6485.md</c>.</summary>
public static class Keithley6485Commands
{
    public const string Identify = "*IDN?";
    public const string Reset = "*RST";
    public const string ZeroCheckOff = "SYST:ZCH OFF";
    public const string AutoRangeOn = "RANG:AUTO ON";
    public const string Read = "READ?";
    public const string NextError = "SYST:ERR?";
}
