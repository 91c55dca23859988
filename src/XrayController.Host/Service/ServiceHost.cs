using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using XrayController.Acquisition.Engine;
using XrayController.Host.Hosting;
using XrayController.Host.Monitor;
using XrayController.Host.Scanning;

namespace XrayController.Host.Service;

/// <summary>
/// The instrument service: the generic host with Kestrel on the given URLs (loopback by default), the queue, the scan
/// runner, the API (described at <c>/openapi/v1.json</c>), the monitor page at <c>/</c> and Prometheus metrics at
/// <c>/metrics</c>; under systemd it reports ready and stopping to the service
/// manager (Type=notify) and logs without colours.
/// </summary>
internal static class ServiceHost
{
    public static WebApplication Build(string urls, ServiceSettings settings)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        XrayctlHost.AddCommon(builder);
        builder.WebHost.UseUrls(urls);
        builder.Services.AddSystemd();
        builder.Services.AddSingleton<ScanRunner>();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new ScanQueue(settings.StateDirectory));
        builder.Services.AddSingleton<ScanService>();
        builder.Services.AddSingleton<MonitorMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SlabWorkers>();
        builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("xrayctl", serviceVersion: SoftwareVersion.Current)).WithMetrics(metrics => metrics.AddMeter(MonitorMetrics.MeterName, EngineMetrics.MeterName).AddPrometheusExporter());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScanService>());
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        WebApplication app = builder.Build();
        AccessControl.Use(app, settings.Token);
        ServiceApi.Map(app);
        MonitorApi.Map(app);
        WorkerApi.Map(app);
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
