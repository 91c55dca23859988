using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace XrayController.Host.Service;

/// <summary>
/// Who may use the service: this host always; other hosts only when the service was given a token and the request
/// carries it, as <c>Authorization: Bearer TOKEN</c> (scripts), or once as <c>?token=TOKEN</c> on the page's address,
/// which sets a cookie for the page's own requests (a browser's event stream cannot send headers). Tokens are compared
/// in constant time.
/// </summary>
internal static class AccessControl
{
    public const string Cookie = "xrayctl_token";

    public static void Use(WebApplication app, string? token)
    {
        byte[]? expected = token is null ? null : Encoding.UTF8.GetBytes(token);
        app.Use(async (context, next) =>
        {
            if (context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            {
                if (expected is null)
                {
                    await Refuse(context, StatusCodes.Status403Forbidden, "the controller answers this host only; start it with --token-file to let other hosts in").ConfigureAwait(false);
                    return;
                }

                string? offered = Offered(context.Request, out bool fromQuery);
                if (offered is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), expected))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await Refuse(context, StatusCodes.Status401Unauthorized, offered is null ? "a token is needed from other hosts" : "the token is wrong").ConfigureAwait(false);
                    return;
                }

                if (fromQuery)
                {
                    context.Response.Cookies.Append(Cookie, offered, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
                }
            }

            await next(context).ConfigureAwait(false);
        });
    }

    private static string? Offered(HttpRequest request, out bool fromQuery)
    {
        fromQuery = false;
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        if (request.Cookies.TryGetValue(Cookie, out string? cookie))
        {
            return cookie;
        }

        fromQuery = request.Query.TryGetValue("token", out Microsoft.Extensions.Primitives.StringValues query);
        return fromQuery ? query.ToString() : null;
    }

    private static Task Refuse(HttpContext context, int status, string title) =>
        Results.Problem(statusCode: status, title: title).ExecuteAsync(context);
}
