namespace XrayController.Devices.Detector;

/// <summary>
/// Where the detector is (REST base URL and image-stream endpoint), the timeout of a REST call, and how long a frame may
/// be overdue (beyond its exposure and readout) before the stream is declared stalled.
/// </summary>
public sealed record SimplonDetectorOptions(Uri BaseUrl, string StreamEndpoint, TimeSpan CommandTimeout, TimeSpan FrameTimeout);
