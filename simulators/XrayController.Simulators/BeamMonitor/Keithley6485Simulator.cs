using XrayController.Protocols.Keithley6485;
using XrayController.Simulators.Transport;

namespace XrayController.Simulators.BeamMonitor;

/// <summary>
/// A Keithley 6485-like picoammeter on the beam's ion chamber, speaking the SCPI subset of <c>keithley-6485.md</c>: a
/// reset leaves zero check on (readings of zero) until <c>SYST:ZCH OFF</c>; <c>READ?</c> gives the beam's current, the
/// time since power-on and a zero status word; set commands are never answered, and an unknown header is queued as
/// error -113 for <c>SYST:ERR?</c>, oldest first. Commands are case-insensitive, as SCPI's are.
/// </summary>
public sealed class Keithley6485Simulator : ILineProtocolFactory
{
    public const string Identity = "KEITHLEY INSTRUMENTS INC.,MODEL 6485,4040506,C01   Sep 11 2003 11:20:46/A02  /E";

    private readonly SimulatedBeam _beam;
    private readonly TimeProvider _time;
    private readonly long _poweredOn;
    private readonly Lock _gate = new();
    private readonly Queue<ScpiError> _errors = new();
    private bool _zeroCheck = true;

    public Keithley6485Simulator(SimulatedBeam beam, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _beam = beam;
        _time = time;
        _poweredOn = time.GetTimestamp();
    }

    public LinkFaults Faults { get; } = new();

    ILineProtocol ILineProtocolFactory.CreateSession() => new Session(this);

    private string? Handle(string command)
    {
        lock (_gate)
        {
            switch (command.Trim().ToUpperInvariant())
            {
                case Keithley6485Commands.Identify:
                    return Identity + "\n";
                case Keithley6485Commands.Reset:
                    _zeroCheck = true;
                    _errors.Clear();
                    return null;
                case Keithley6485Commands.ZeroCheckOff:
                    _zeroCheck = false;
                    return null;
                case "SYST:ZCH ON":
                    _zeroCheck = true;
                    return null;
                case Keithley6485Commands.AutoRangeOn or "RANG:AUTO OFF":
                    return null;
                case Keithley6485Commands.Read:
                    long now = _time.GetTimestamp();
                    double current = _zeroCheck ? 0 : _beam.CurrentAt(now);
                    return new Keithley6485Reading(current, _time.GetElapsedTime(_poweredOn, now).TotalSeconds, 0).Format() + "\n";
                case Keithley6485Commands.NextError:
                    return (_errors.TryDequeue(out ScpiError error) ? error : ScpiError.None).Format() + "\n";
                default:
                    _errors.Enqueue(new ScpiError(-113, "Undefined header"));
                    return null;
            }
        }
    }

    private sealed class Session(Keithley6485Simulator device) : ILineProtocol
    {
        public bool IsSingleByteCommand(byte value) => false;

        public string? Handle(string command) => device.Handle(command);
    }
}
