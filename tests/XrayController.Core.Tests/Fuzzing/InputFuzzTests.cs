using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Tests.Shared;

namespace XrayController.Core.Tests.Fuzzing;

/// <summary>
/// The plan and instrument-profile readers, fed mutated shipped plans and profiles and random bytes: whatever the text,
/// they answer with diagnostics (a plan that reads is then validated against its instrument), never an exception.
/// </summary>
public sealed class InputFuzzTests
{
    private static readonly Dictionary<string, InstrumentProfile> Profiles = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "instruments"), "*.json")
        .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => InstrumentProfileReader.Read(File.ReadAllText(p), Path.GetFileName(p)).Profile!);

    [Fact]
    public void Plans_read_and_validate_into_diagnostics_whatever_the_text()
    {
        string[] corpus = [.. Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "plans"), "*.yaml").Select(File.ReadAllText)];

        Fuzz.Check(Fuzz.Text(corpus), text =>
        {
            PlanReadResult result = PlanReader.Read(text, "fuzz.yaml");
            Assert.NotNull(result.Diagnostics);
            if (result.Succeeded && Profiles.TryGetValue(result.Document!.Plan.Instrument, out InstrumentProfile? profile))
            {
                Assert.NotNull(PlanValidator.Validate(result.Document, profile));
            }
        });
    }

    [Fact]
    public void Instrument_profiles_read_into_diagnostics_whatever_the_text()
    {
        string[] corpus = [.. Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "instruments"), "*.json").Select(File.ReadAllText)];

        Fuzz.Check(Fuzz.Text(corpus), text => Assert.NotNull(InstrumentProfileReader.Read(text, "fuzz.json").Diagnostics));
    }

    [Fact]
    public void A_node_yaml_cannot_place_is_a_positioned_error_not_an_exception()
    {
        // Found by the fuzzer: YamlDotNet's loader throws ArgumentException ("unsupported event") on this text.
        PlanReadResult result = PlanReader.Read("\0: b\nx: { y: 1", "fuzz.yaml");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.StartsWith("not valid YAML", StringComparison.Ordinal));
    }
}
