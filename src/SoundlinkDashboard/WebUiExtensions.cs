using MudBlazor.Services;
using SoundlinkDashboard.Accounts;
using SoundlinkDashboard.Components;
using SoundlinkDashboard.Components.Pages.Dashboard;

namespace SoundlinkDashboard;

public static class WebUiExtensions
{
    public static IHostApplicationBuilder AddWebUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<SoundlinkDashboard.Components.Pages.Dashboard.Map.WorldMapData>();
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseSetupGate();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapDashboardExports();
        return app;
    }
}
