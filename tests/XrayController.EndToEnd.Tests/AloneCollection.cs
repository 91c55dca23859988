namespace XrayController.EndToEnd.Tests;

/// <summary>
/// Tests that load the machine heavily (a browser beside the service, thousands of frames a second) run in this
/// collection, which xunit runs by itself after the parallel ones, so that they do not starve other tests' device
/// replies past their timeouts on a two-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
