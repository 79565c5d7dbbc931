using Bunit;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Components;

public sealed class DashboardBodyTests : MudComponentTest
{
    public DashboardBodyTests() => CountryMapTests.AddWorldMap(Services);

    private static readonly DateOnly From = new(2026, 10, 1);
    private static readonly DateOnly To = new(2026, 10, 28);

    private static MetricsGroup Group(long streams, DateOnly? day = null, string? country = null) =>
        new("USD", country, day, new MetricTotals { Rows = 1, Streams = streams, Listeners = streams / 2, SpendMedia = 10m });

    private static DashboardSnapshot Snapshot(long streams) => new(
        TeamContexts.Make(1, "t", "Team", TeamRole.Viewer),
        new PeriodComparison(From, To, From.AddDays(-28), From.AddDays(-1), [Group(streams)], [Group(streams / 2)]),
        [Group(streams, country: "US")], [Group(streams, country: "US")], [], ["US"],
        new Freshness(null, To, To.AddDays(1), false, true, true),
        [Group(streams, From)], [Group(streams, From)], []);

    private static IEnumerable<TrendChartConfig> Sparklines(BunitJSModuleInterop module, string identifier) =>
        module.Invocations[identifier].Select(i => TrendChartConfig.FromJson((string)i.Arguments[1]!)).Where(c => c.Sparkline);

    [Fact]
    public void A_new_view_updates_the_cards_and_their_sparklines_through_one_module_import()
    {
        var module = JSInterop.SetupModule("./js/trend-chart.js");
        module.SetupVoid("render", _ => true).SetVoidResult();
        module.SetupVoid("update", _ => true).SetVoidResult();
        var metrics = MetricCatalogue.All.Where(k => k.Key is "streams" or "spend_media").ToList();
        var view = new DashboardView { From = From, To = To };
        var first = Snapshot(1200);
        var body = RenderWithPopovers<DashboardBody>(p => p.Add(c => c.Data, () => first).Add(c => c.View, view).Add(c => c.Metrics, metrics)
            .Add(c => c.ShowFunnel, false));
        body.WaitForAssertion(() => Assert.Equal(2, Sparklines(module, "render").Count()));
        Assert.Contains("1,200", body.FindAll(".kpi-card").Single(c => c.TextContent.Contains("Streams")).TextContent);

        var second = Snapshot(3400);
        body.Render(p => p.Add(c => c.Data, () => second));

        Assert.Contains("3,400", body.FindAll(".kpi-card").Single(c => c.TextContent.Contains("Streams")).TextContent);
        // Only the streams sparkline changed (spend is the same in both views): it is updated, the other is not sent again.
        body.WaitForAssertion(() => Assert.Equal(3400, Sparklines(module, "update").Single().Series.Single().Points[0].Y));
        Assert.Equal(2, Sparklines(module, "render").Count());
        // The trend chart and both cards share the circuit's one import of the chart module.
        Assert.Single(JSInterop.Invocations["import"]);
    }
}
