using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Sharing;

namespace SoundlinkDashboard.Sharing;

public static class ShareWebExtensions
{
    /// <summary>The share viewer's limits: requests per client address under /s/ and live viewers per link.</summary>
    public static IHostApplicationBuilder AddWebSharing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShareCircuits>();
        builder.Services.AddSingleton<ShareViewChanges>();
        var perMinute = builder.Configuration.GetValue("RateLimits:SharePerMinute", 60);
        builder.Services.Configure<RateLimiterOptions>(options =>
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/s")
                    ? RateLimitPartition.GetFixedWindowLimiter("share:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("other")));
        return builder;
    }

    /// <summary>CSV of a share link's country table or daily series: only when the link allows it, only its pinned scope.</summary>
    public static IEndpointRouteBuilder MapShareExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/s/{token}/export/{kind}.csv", async (string token, string kind, HttpContext http, SharedDashboards shares, TimeProvider time) =>
        {
            var query = http.Request.Query;
            // A share link pins its campaigns: the address cannot name any.
            var view = DashboardView.Parse(DashboardQuery.Of(query) with { Campaigns = null }, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            var request = new SharedRequest(view.Range == "custom" ? view.From : null, view.Range == "custom" ? view.To : null, view.Countries);
            var export = kind is "countries" or "daily" ? await shares.ExportAsync(token, request, kind == "daily", http.RequestAborted) : null;
            if (export is not { } found)
            {
                await ShareGate.NotFoundAsync(http);
                return;
            }
            var metrics = SharedMetrics(found.View);
            var groups = found.Groups;
            var currency = HeadlineCurrency.Of(groups, view.Currency) ?? "USD";
            var csv = DashboardExports.Csv(groups.Where(g => g.Currency == currency).ToList(), kind == "countries" ? "country_code" : "report_date",
                currency, metrics);
            http.Response.ContentType = "text/csv; charset=utf-8";
            var scoped = SharedDashboards.Scope(found.View, request);
            var name = $"{kind}_{DashboardView.Format(scoped.From)}_{DashboardView.Format(scoped.To)}.csv";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            await http.Response.WriteAsync(csv, Encoding.UTF8, http.RequestAborted);
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>The link's pinned metrics as the dashboard's definitions, in the dashboard's order.</summary>
    public static IReadOnlyList<MetricDefinition> SharedMetrics(SharedView view) =>
        MetricCatalogue.All.Where(k => view.Metrics.Contains(k.Key)).ToList();

}
