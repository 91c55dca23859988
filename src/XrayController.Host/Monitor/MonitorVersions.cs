namespace XrayController.Host.Monitor;

/// <summary>Why a choice on the monitor was not made: a bad value (<paramref name="BadInput"/>), or not possible now.</summary>
public sealed record Refusal(bool BadInput, string Why);

/// <summary>How many times each image of a scan's monitor has changed.</summary>
public sealed record MonitorVersions(int Projection, int Sinogram, int Slices, int Spectrum);
