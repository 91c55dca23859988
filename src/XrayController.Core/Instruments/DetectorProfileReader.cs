using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Instruments;

internal static class DetectorProfileReader
{
    public static DetectorProfile Read(MappingReader? detector, IReadOnlyDictionary<string, DetectorKind> kinds)
    {
        if (detector is null)
        {
            return new DetectorProfile(DetectorKind.Ccd, 0, 0, double.NaN, 16, 0, double.MaxValue, 0, [1], 0);
        }

        var result = new DetectorProfile(
            detector.Choice("kind", kinds, required: true) ?? DetectorKind.Ccd,
            detector.Integer("columns", required: true) ?? 0,
            detector.Integer("rows", required: true) ?? 0,
            detector.Positive("pixel_size_um", required: true) ?? double.NaN,
            detector.Integer("bit_depth", required: true) ?? 16,
            detector.Positive("min_exposure_s", required: true) ?? 0,
            detector.Positive("max_exposure_s", required: true) ?? double.MaxValue,
            detector.NonNegative("readout_s", required: true) ?? 0,
            Binnings(detector),
            detector.NonNegative("frame_margin_s") ?? 0,
            detector.NonNegative("command_s") ?? 0,
            detector.Boolean("overlapped_readout") ?? false);
        if (result.Columns <= 0 && detector.Has("columns"))
        {
            detector.Fail("columns", "must be > 0");
        }

        if (result.Rows <= 0 && detector.Has("rows"))
        {
            detector.Fail("rows", "must be > 0");
        }

        if (result.BitDepth is < 8 or > 32)
        {
            detector.Fail("bit_depth", "must be between 8 and 32");
        }

        if (result.MaxExposureS < result.MinExposureS)
        {
            detector.Fail("max_exposure_s", "must not be below min_exposure_s");
        }

        detector.ReportUnknownKeys();
        return result;
    }

    private static List<int> Binnings(MappingReader detector)
    {
        var binnings = new List<int>();
        IReadOnlyList<YamlNode> items = detector.Sequence("binnings") ?? [];
        for (int i = 0; i < items.Count; i++)
        {
            string path = YamlReadContext.Item("detector.binnings", i);
            if (detector.Context.Integer(items[i], path) is { } binning)
            {
                if (binning > 0)
                {
                    binnings.Add(binning);
                }
                else
                {
                    detector.Context.Error(items[i], path, "must be > 0");
                }
            }
        }

        return binnings.Count > 0 ? binnings : [1];
    }
}
