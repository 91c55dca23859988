using System.ComponentModel.DataAnnotations;

namespace XrayController.Host.Hosting;

/// <summary>Settings of the controller, section <c>XrayController</c> of the settings (<see cref="XrayctlConfiguration"/>).</summary>
public sealed class XrayControllerOptions
{
    public const string Section = "XrayController";

    /// <summary>Extra directories searched first for instrument profiles by name.</summary>
    public string[] InstrumentDirectories { get; set; } = [];

    /// <summary>Where scans write their files unless <c>--out</c> says otherwise.</summary>
    [Required(AllowEmptyStrings = false)]
    public string OutputDirectory { get; set; } = "out";

    /// <summary>The frame stream's endpoint; <c>off</c> disables it.</summary>
    [Required(AllowEmptyStrings = false)]
    public string StreamEndpoint { get; set; } = "tcp://127.0.0.1:5555";

    /// <summary>Messages queued per subscriber before a slow one misses frames.</summary>
    [Range(1, 1_000_000)]
    public int StreamHighWatermark { get; set; } = 1000;
}
