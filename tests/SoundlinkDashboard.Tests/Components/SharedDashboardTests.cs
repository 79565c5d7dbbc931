using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Components.Share;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Sharing;
using SoundlinkDashboard.Tests.Web;

namespace SoundlinkDashboard.Tests.Components;

/// <summary>The share viewer as a live circuit, on the app's real services (store, clock, share links).</summary>
public sealed class SharedDashboardTests : MudComponentTest, IClassFixture<ShareViewerTests.App>
{
    private readonly ShareViewerTests.App _app;
    private readonly BunitJSModuleInterop _chart;

    public SharedDashboardTests(ShareViewerTests.App app)
    {
        _app = app;
        // The app's own instances of what the viewer's components use: its store, clock and live-viewer counts.
        Services.AddSingleton(app.Services.GetRequiredService<SharedDashboards>());
        Services.AddSingleton(app.Services.GetRequiredService<ShareCircuits>());
        Services.AddSingleton(app.Services.GetRequiredService<ShareViewChanges>());
        Services.AddSingleton(app.Services.GetRequiredService<TimeProvider>());
        Services.AddSingleton(app.Services.GetRequiredService<SoundlinkDashboard.Components.Pages.Dashboard.Map.WorldMapData>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _chart = JSInterop.SetupModule("./js/trend-chart.js");
        _chart.SetupVoid("render", _ => true).SetVoidResult();
        _chart.SetupVoid("update", _ => true).SetVoidResult();
    }

    private IRenderedComponent<SharedDashboard> Open(string token, string query = "")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/s/{token}{query}");
        Render<MudBlazor.MudPopoverProvider>();
        var viewer = Render<SharedDashboard>(p => p.Add(c => c.Token, token));
        viewer.WaitForAssertion(() => Assert.NotEmpty(viewer.FindAll(".kpi-card, .share-gone")), TimeSpan.FromSeconds(10));
        return viewer;
    }

    [Fact]
    public async Task The_trend_gets_the_pinned_scope_through_js_interop_whatever_the_query_asks_for()
    {
        var viewer = Open(_app.Pinned.Token, "?range=custom&from=2020-01-01&to=2030-12-31&country=DE&country=GB&trend=spend_media&trend=cpl&campaign=camp-31-1");

        var expected = await _app.Services.GetRequiredService<MetricsService>().QueryAsync(new MetricsFilter
        {
            TeamId = _app.Team.Id, CampaignIds = [_app.CampaignIds[0]], Countries = ["US"],
            From = ShareViewerTests.App.From, To = ShareViewerTests.App.To,
        }, MetricsGrouping.Day);
        var trend = _chart.Invocations["render"].Select(i => TrendChartConfig.FromJson(Assert.IsType<string>(i.Arguments[1]))).Single(c => !c.Sparkline);
        // Spend and cost are not pinned: the trend falls back to a pinned metric.
        var streams = Assert.Single(trend.Series);
        Assert.Equal("Streams", streams.Name);
        Assert.Equal(expected.Select(g => (g.ReportDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (double?)g.Totals.Streams)),
            streams.Points.Select(p => (p.X, p.Y)));
        Assert.Equal(2, viewer.FindAll(".kpi-card").Count);
    }

    [Fact]
    public async Task A_revoked_link_open_in_a_viewer_stops_showing_data_within_a_minute()
    {
        var link = await _app.CreateLinkAsync(new ShareLinkInput { Name = "Soon revoked", CampaignIds = [_app.CampaignIds[0]], RollingDays = 28 });
        var viewer = Open(link.Token);
        Assert.NotEmpty(viewer.FindAll(".kpi-card"));

        await _app.Services.GetRequiredService<ShareService>().RevokeAsync(Web.AppFactory.PrincipalOf(_app.Owner), ShareViewerTests.App.Slug, link.Link.Id);
        _app.Clock.Advance(SharedDashboard.RecheckEvery + TimeSpan.FromSeconds(1));

        viewer.WaitForAssertion(() =>
        {
            Assert.Empty(viewer.FindAll(".kpi-card"));
            Assert.Contains(ShareGate.Title, viewer.Markup);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_link_with_too_many_live_viewers_turns_the_next_one_away_and_a_closed_viewer_frees_its_place()
    {
        var link = await _app.CreateLinkAsync(new ShareLinkInput { Name = "Crowded", CampaignIds = [_app.CampaignIds[0]], RollingDays = 28 });
        var circuits = _app.Services.GetRequiredService<ShareCircuits>();
        for (var i = 0; i < circuits.Limit - 1; i++)
        {
            Assert.True(circuits.TryEnter(link.Link.Id));
        }

        var last = Open(link.Token);
        Assert.Equal(circuits.Limit, circuits.OpenCount(link.Link.Id));
        var turnedAway = Render<SharedDashboard>(p => p.Add(c => c.Token, link.Token));
        turnedAway.WaitForAssertion(() => Assert.Contains("Too many people", turnedAway.Markup), TimeSpan.FromSeconds(10));
        Assert.Empty(turnedAway.FindAll(".kpi-card"));

        await last.InvokeAsync(last.Instance.Dispose);
        Assert.Equal(circuits.Limit - 1, circuits.OpenCount(link.Link.Id));
    }

    /// <summary>The link's view count and last use, as its team sees them: every query of the viewer records a use.</summary>
    private async Task<DateTimeOffset?> LastUsedAsync(int linkId) =>
        (await _app.Services.GetRequiredService<ShareService>().ListAsync(Web.AppFactory.PrincipalOf(_app.Owner), ShareViewerTests.App.Slug))
        .Single(l => l.Id == linkId).LastUsedAt;

    [Fact]
    public async Task A_viewer_changing_the_view_too_often_is_asked_to_wait_and_the_view_is_not_queried_again()
    {
        var link = await _app.CreateLinkAsync(new ShareLinkInput
        {
            Name = "Busy viewer", CampaignIds = [_app.CampaignIds[0]], From = ShareViewerTests.App.From, To = ShareViewerTests.App.To,
            ViewerMayChangeDates = true,
        });
        var viewer = Open(link.Token);
        var navigation = Services.GetRequiredService<NavigationManager>();
        var limits = _app.Services.GetRequiredService<ShareViewChanges>();
        string Address(int day) => $"/s/{link.Token}?range=custom&from=2026-03-01&to=2026-03-{day:00}";
        string ShownTo() => viewer.FindAll(".filter-date input")[1].GetAttribute("value")!;

        for (var i = 0; i < limits.PerCircuit; i++)
        {
            var day = 2 + i % 2;
            await viewer.InvokeAsync(() => navigation.NavigateTo(Address(day)));
            viewer.WaitForAssertion(() => Assert.Equal($"2026-03-{day:00}", ShownTo()), TimeSpan.FromSeconds(10));
        }
        Assert.Empty(viewer.FindAll(".share-throttled"));
        var lastUse = await LastUsedAsync(link.Link.Id);
        _app.Clock.Advance(TimeSpan.FromSeconds(1));

        await viewer.InvokeAsync(() => navigation.NavigateTo(Address(8)));

        viewer.WaitForAssertion(() => Assert.Contains("Too many changes, wait a moment", viewer.Find(".share-throttled").TextContent), TimeSpan.FromSeconds(10));
        Assert.NotEqual("2026-03-08", ShownTo());
        Assert.Equal(lastUse, await LastUsedAsync(link.Link.Id));
        Assert.NotEmpty(viewer.FindAll(".kpi-card"));

        _app.Clock.Advance(ShareViewChanges.Window);
        await viewer.InvokeAsync(() => navigation.NavigateTo(Address(9)));

        viewer.WaitForAssertion(() => Assert.Equal("2026-03-09", ShownTo()), TimeSpan.FromSeconds(10));
        Assert.Empty(viewer.FindAll(".share-throttled"));
    }
}
