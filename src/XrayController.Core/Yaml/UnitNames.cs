namespace XrayController.Core.Yaml;

/// <summary>The units that keys carry as suffixes (<c>exposure_s</c>, <c>step_deg</c>), for error messages.</summary>
internal static class UnitNames
{
    private static readonly (string Suffix, string Unit)[] Suffixes =
    [
        ("_deg_s2", "degrees per second squared"),
        ("_deg_s", "degrees per second"),
        ("_mm_s2", "millimetres per second squared"),
        ("_mm_s", "millimetres per second"),
        ("_deg", "degrees"),
        ("_mm", "millimetres"),
        ("_um", "micrometres"),
        ("_nm", "nanometres"),
        ("_ev", "electronvolts"),
        ("_kev", "kiloelectronvolts"),
        ("_kv", "kilovolts"),
        ("_ua", "microamperes"),
        ("_ms", "milliseconds"),
        ("_s", "seconds"),
        ("_gb", "gigabytes"),
        ("_px", "pixels"),
        ("_w", "watts"),
    ];

    public static string? UnitOf(string key)
    {
        foreach ((string suffix, string unit) in Suffixes)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return unit;
            }
        }

        return null;
    }

    /// <summary>The key without its unit suffix: <c>exposure_ms</c> → <c>exposure</c>.</summary>
    public static string StemOf(string key)
    {
        foreach ((string suffix, _) in Suffixes)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && key.Length > suffix.Length)
            {
                return key[..^suffix.Length];
            }
        }

        return key;
    }
}
