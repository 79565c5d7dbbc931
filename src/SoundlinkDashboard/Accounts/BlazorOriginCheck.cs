namespace SoundlinkDashboard.Accounts;

/// <summary>
/// Cross-site WebSocket hijacking guard for Blazor's hub: /_blazor (WebSocket upgrade, long polling) and
/// /_blazor/negotiate answer 403 to a browser page of another origin. Allowed: the request's own host (scheme and
/// host as the app sees them, after trusted forwarded headers) and the origins in "Security:AllowedOrigins".
/// </summary>
public static class BlazorOriginCheck
{
    public const string AllowedOriginsSetting = "Security:AllowedOrigins";

    public static IApplicationBuilder UseBlazorOriginCheck(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var allowed = (configuration.GetSection(AllowedOriginsSetting).Get<string[]>() ?? [])
            .Select(o => o.Trim().TrimEnd('/'))
            .Where(o => o.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/_blazor") && !IsAllowed(context.Request, allowed))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Forbidden origin.");
                return;
            }
            await next();
        });
    }

    // A request without Origin is allowed: browsers send Origin on every WebSocket handshake and on the
    // negotiate POST (fetch), so an absent header means a non-browser client, which could send any Origin it
    // liked anyway; the guard is against other sites' pages in a signed-in user's browser. "Origin: null"
    // (sandboxed frames, file: pages) is a browser saying "opaque origin" and is refused.
    internal static bool IsAllowed(HttpRequest request, IReadOnlySet<string> configured)
    {
        if (!request.Headers.TryGetValue("Origin", out var values) || values.Count == 0)
        {
            return true;
        }
        if (values.Count > 1)
        {
            return false;
        }
        var origin = values[0]!.Trim();
        if (configured.Contains(origin.TrimEnd('/')))
        {
            return true;
        }
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
        {
            return false;
        }
        // Same host; and the same port when the Host header names one. A Host without a port is a proxy's public name
        // (its scheme may differ from the app's when forwarded headers are not configured): the host decides.
        var host = request.Host.Host;
        if (!string.Equals(uri.IdnHost, host, StringComparison.OrdinalIgnoreCase) && !string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return request.Host.Port is not { } port || uri.Port == port;
    }
}
