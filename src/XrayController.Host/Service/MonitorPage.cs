using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace XrayController.Host.Service;

/// <summary>The monitor page's three files, built into the program (nothing is fetched from elsewhere: the page works with no internet).</summary>
internal static class MonitorPage
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "monitor/index.html", "text/html; charset=utf-8"),
        ("/monitor.js", "monitor/monitor.js", "text/javascript; charset=utf-8"),
        ("/monitor.css", "monitor/monitor.css", "text/css; charset=utf-8"),
    ];

    public static void Map(WebApplication app)
    {
        foreach ((string path, string resource, string contentType) in Files)
        {
            byte[] content = Read(resource);
            app.MapGet(path, () => Results.Bytes(content, contentType)).ExcludeFromDescription();
        }
    }

    private static byte[] Read(string resource)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the monitor page's {resource} is not built into the program");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
