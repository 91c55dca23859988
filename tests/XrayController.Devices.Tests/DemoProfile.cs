using XrayController.Core.Instruments;
using XrayController.Devices.Gcs;
using XrayController.Devices.Stage;
using XrayController.Tests.Shared;

namespace XrayController.Devices.Tests;

/// <summary>The demo profile the transcripts are written for, and the driver options it implies.</summary>
internal static class DemoProfile
{
    public static InstrumentProfile Profile { get; } =
        InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo").Profile!;

    public static EnsembleStageOptions Stage
    {
        get
        {
            RotationProfile r = Profile.Rotation;
            return new EnsembleStageOptions(r.SpeedDegS, r.AccelerationDegS2, r.EncoderCountsPerDeg, r.MinDeg, r.MaxDeg);
        }
    }

    public static GcsAxisOptions SampleX
    {
        get
        {
            LinearAxisProfile x = Profile.Axes[InstrumentProfile.SampleX];
            return new GcsAxisOptions(x.Name, x.SpeedMmS, x.AccelerationMmS2, x.MinMm, x.MaxMm);
        }
    }
}
