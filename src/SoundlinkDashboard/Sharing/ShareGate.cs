using System.Text;
using SoundlinkDashboard.Core.Sharing;

namespace SoundlinkDashboard.Sharing;

/// <summary>
/// Everything under /s/: no referrer, no indexing, no caching, and one 404 page for a token that is unknown,
/// expired or revoked (byte for byte the same, so nobody can tell which). Valid links go on to the viewer.
/// </summary>
public static class ShareGate
{
    public const string Title = "This link does not work";

    public const string Explanation =
        "It may have expired or been revoked, or the address may be incomplete. Ask the person who sent it for a new link.";

    public static readonly byte[] NotFoundPage = Encoding.UTF8.GetBytes($$$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><meta name="robots" content="noindex" />
        <title>{{{Title}}}</title>
        <style>body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f5f5f5;color:#222}
        main{max-width:32rem;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
        @media (prefers-color-scheme:dark){body{background:#1a1a1a;color:#eee}main{background:#262626}}</style>
        </head>
        <body><main><h1>{{{Title}}}</h1><p>{{{Explanation}}}</p></main></body>
        </html>
        """);

    public static IApplicationBuilder UseShareGate(this IApplicationBuilder app) => app.UseWhen(
        context => context.Request.Path.StartsWithSegments("/s", out var rest) && rest.HasValue,
        branch => branch.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers["Referrer-Policy"] = "no-referrer";
                headers["X-Robots-Tag"] = "noindex, nofollow";
                headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            var token = TokenOf(context.Request.Path);
            var shares = context.RequestServices.GetRequiredService<SharedDashboards>();
            // Only the check here: the page or the download behind it records the use.
            if (await shares.OpenAsync(token, cancellationToken: context.RequestAborted, touch: false) is null)
            {
                await NotFoundAsync(context);
                return;
            }
            await next();
        }));

    public static async Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = NotFoundPage.Length;
        await context.Response.Body.WriteAsync(NotFoundPage, context.RequestAborted);
    }

    /// <summary>The token of /s/{token} or /s/{token}/…</summary>
    public static string? TokenOf(PathString path) =>
        path.StartsWithSegments("/s", out var rest) ? rest.Value?.TrimStart('/').Split('/')[0] : null;
}
