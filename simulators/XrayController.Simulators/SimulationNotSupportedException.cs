namespace XrayController.Simulators;

/// <summary>The instrument profile asks for something the simulator cannot render; the message says what.</summary>
public sealed class SimulationNotSupportedException : Exception
{
    public SimulationNotSupportedException(string message)
        : base(message)
    {
    }

    public SimulationNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
