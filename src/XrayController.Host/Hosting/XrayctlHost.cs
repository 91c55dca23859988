using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using XrayController.Pipelines.Cluster;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques;

namespace XrayController.Host.Hosting;

/// <summary>Builds the generic host every verb runs in: configuration, options validated at start, logging to stderr.</summary>
public static class XrayctlHost
{
    public static IHost Build(Action<IServiceCollection>? configureServices = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        AddCommon(builder);
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>What every verb's host has, the service's web host too: configuration (<see cref="XrayctlConfiguration"/>), logging to stderr (at Warning unless the settings' <c>Logging</c> section says otherwise), validated options, the profile catalog, the instrument builder, the techniques and the offline reconstruction.</summary>
    public static void AddCommon(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        XrayctlConfiguration.Add(builder.Configuration);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddOptions<XrayControllerOptions>()
            .Bind(builder.Configuration.GetSection(XrayControllerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<InstrumentCatalog>();
        builder.Services.AddSingleton<InstrumentBuilder>();
        builder.Services.AddSingleton(TechniqueList.Create(SoftwareVersion.Current));
        builder.Services.AddSingleton<OfflineReconstruction>();
        builder.Services.AddSingleton(new KernelRateCache(Environment.GetEnvironmentVariable("XRAYCTL_KERNEL_RATES") ?? KernelRateCache.DefaultPath(), SoftwareVersion.Current));
        builder.Services.AddSingleton<Slurm>();
        builder.Services.AddSingleton(s => new ClusterJobs(s.GetRequiredService<Slurm>(), SoftwareVersion.Current));
        builder.Services.AddSingleton(s => new ClusterReconstruction(s.GetRequiredService<TechniqueList>(), s.GetRequiredService<OfflineReconstruction>(), s.GetRequiredService<KernelRateCache>(), s.GetRequiredService<ClusterJobs>(), SoftwareVersion.Current));
        builder.Services.AddSingleton(s => new ClusterXanes(s.GetRequiredService<KernelRateCache>(), s.GetRequiredService<ClusterJobs>(), SoftwareVersion.Current));
        builder.Services.AddSingleton<IClusterWork>(s => s.GetRequiredService<ClusterReconstruction>());
        builder.Services.AddSingleton<IClusterWork>(s => s.GetRequiredService<ClusterXanes>());
        builder.Services.AddSingleton(s => new ClusterSteps(s.GetRequiredService<IEnumerable<IClusterWork>>(), SoftwareVersion.Current));
    }
}
