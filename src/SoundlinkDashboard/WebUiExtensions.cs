using MudBlazor.Services;
using SoundlinkDashboard.Accounts;
using SoundlinkDashboard.Components;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Logging;
using SoundlinkDashboard.Operations;
using SoundlinkDashboard.Sharing;

namespace SoundlinkDashboard;

public static class WebUiExtensions
{
    public static IHostApplicationBuilder AddWebUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<SoundlinkDashboard.Components.Layout.ThemeCss>();
        builder.Services.AddSingleton<SoundlinkDashboard.Components.Pages.Dashboard.Map.WorldMapData>();
        builder.Services.AddScoped<TrendChartModule>();
        builder.AddWebSharing();
        builder.AddLogRedaction();
        builder.AddHealth();
        builder.AddForwardedHeaders();
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        // First: everything after sees the client's address and scheme as the trusted proxy reports them.
        app.UseTrustedForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                CreateScopeForErrors = true,
                // A bad request (unreadable form, failed antiforgery check) stays a 4xx, not a 500 page.
                StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            });
            // HTTPS requests only (directly or at a trusted proxy); a year, as browsers' preload lists expect.
            app.UseHsts();
        }
        // Before the share gate, so token lookups are rate limited too.
        app.UseRateLimiter();
        app.UseShareGate();
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseSetupGate();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseBlazorOriginCheck();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapDashboardExports();
        app.MapShareExports();
        app.MapHealth();
        return app;
    }
}
