using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Pipelines.Tests;

/// <summary>Reconstruction requests as <c>xrayctl recon</c> makes them by default.</summary>
internal static class Requests
{
    public static ReconstructionRequest Offline(string input, string output, double? centerPx = null, FlatMode flats = FlatMode.Interpolated) =>
        new(input, centerPx, ReconstructionFilter.SheppLogan, null, null, output, null, flats, RingRemoval.None, ZingerRemoval: true, 4_000_000_000);
}
