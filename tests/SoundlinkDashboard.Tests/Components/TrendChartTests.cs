using Bunit;
using Microsoft.AspNetCore.Components;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Tests.Components;

public sealed class TrendChartTests : MudComponentTest
{
    private static readonly DateOnly From = new(2026, 11, 2);
    private static readonly DateOnly To = new(2026, 11, 15);
    private static MetricDefinition Kpi(string key) => MetricCatalogue.All.Single(k => k.Key == key);

    private static MetricsGroup Day(DateOnly day, long streams, long listeners, decimal spend, string currency = "USD") =>
        new(currency, null, day, new MetricTotals { Rows = 1, Streams = streams, Listeners = listeners, SpendMedia = spend });

    private static TrendChartConfig Invoked(BunitJSModuleInterop module, string identifier) =>
        TrendChartConfig.FromJson(Assert.IsType<string>(module.Invocations[identifier].Last().Arguments[1]));

    [Fact]
    public void The_chart_module_receives_both_metrics_the_dashed_previous_period_and_the_provisional_band()
    {
        var module = JSInterop.SetupModule("./js/trend-chart.js");
        module.SetupVoid("render", _ => true).SetVoidResult();
        IReadOnlyList<MetricsGroup> current = [Day(From, 100, 50, 10m), Day(From.AddDays(3), 300, 100, 60m), Day(From, 999, 1, 1m, "EUR")];
        IReadOnlyList<MetricsGroup> previous = [Day(From.AddDays(-14), 80, 40, 8m)];
        var config = TrendChartBuilder.Build([Kpi("streams"), Kpi("cpl")], MetricsGrouping.Day, From, To, current, previous, "USD",
            provisionalFrom: new DateOnly(2026, 11, 10));

        Render<TrendChart>(p => p.Add(c => c.Config, () => config));

        var sent = Invoked(module, "render");
        Assert.Equal(["Streams", "Cost per listener", "Streams · previous period", "Cost per listener · previous period"],
            sent.Series.Select(s => s.Name));
        Assert.Equal([false, false, true, true], sent.Series.Select(s => s.Dashed));
        // Units differ: a count axis and a money axis, each metric's overlay on its own metric's axis.
        Assert.Equal(["count", "moneyratio"], sent.Axes.Select(a => a.Format));
        Assert.Equal([0, 1, 0, 1], sent.Series.Select(s => s.Axis));
        var streams = sent.Series[0].Points;
        Assert.Equal(14, streams.Count);
        Assert.Equal(100, streams[0].Y);
        Assert.Null(streams[1].Y);
        Assert.Equal(300, streams[3].Y);
        Assert.Equal(0.6, sent.Series[1].Points[3].Y!.Value, 10);
        // The previous period's first day is drawn over the current first day and keeps its own date in the tooltip.
        var overlay = sent.Series[2].Points[0];
        Assert.Equal(("2026-11-02", 80d, "2026-10-19"), (overlay.X, overlay.Y!.Value, overlay.Label));
        Assert.Equal(new TrendBand("2026-11-10", "2026-11-15", "Provisional"), sent.Provisional);
    }

    [Fact]
    public void Metrics_of_one_unit_share_an_axis_and_no_comparison_means_no_overlay()
    {
        var config = TrendChartBuilder.Build([Kpi("streams"), Kpi("followers")], MetricsGrouping.Day, From, To,
            [Day(From, 1, 1, 1m)], null, "USD", provisionalFrom: To.AddDays(1));

        Assert.Single(config.Axes);
        Assert.Equal([0, 0], config.Series.Select(s => s.Axis));
        Assert.DoesNotContain(config.Series, s => s.Dashed);
        Assert.Null(config.Provisional);
    }

    [Fact]
    public void Weeks_start_on_monday_and_partial_weeks_say_how_many_days_they_cover()
    {
        var from = new DateOnly(2026, 11, 4); // a Wednesday
        var to = new DateOnly(2026, 11, 20);  // a Friday
        var weekly = new[] { new MetricsGroup("USD", null, new DateOnly(2026, 11, 2), new MetricTotals { Streams = 70 }) };

        var config = TrendChartBuilder.Build([Kpi("streams")], MetricsGrouping.Week, from, to, weekly, [], "USD", provisionalFrom: new DateOnly(2026, 11, 12));

        var points = config.Series[0].Points;
        Assert.Equal(["2026-11-02", "2026-11-09", "2026-11-16"], points.Select(p => p.X));
        Assert.Equal(["Week of 2026-11-02 (5 of 7 days)", "Week of 2026-11-09", "Week of 2026-11-16 (5 of 7 days)"], points.Select(p => p.Label));
        Assert.Equal(70, points[0].Y);
        // The band starts at the week holding the first provisional day.
        Assert.Equal("2026-11-09", config.Provisional!.From);
    }

    [Fact]
    public void Months_are_named_and_the_previous_period_fills_every_bucket()
    {
        var from = new DateOnly(2026, 9, 1);
        var to = new DateOnly(2026, 11, 30);

        var config = TrendChartBuilder.Build([Kpi("streams")], MetricsGrouping.Month, from, to, [], [], "USD", provisionalFrom: to.AddDays(1));

        Assert.Equal(["Sep 2026", "Oct 2026", "Nov 2026"], config.Series[0].Points.Select(p => p.Label));
        Assert.Equal(3, config.Series[1].Points.Count);
        // 91 days before 2026-09-01 start on 2026-06-02.
        Assert.Equal(["Jun 2026 (29 of 30 days)", "Jul 2026", "Aug 2026"], config.Series[1].Points.Select(p => p.Label));
    }

    [Fact]
    public void A_new_config_updates_the_drawn_chart_and_an_unchanged_one_is_not_sent_again()
    {
        var module = JSInterop.SetupModule("./js/trend-chart.js");
        module.SetupVoid("render", _ => true).SetVoidResult();
        module.SetupVoid("update", _ => true).SetVoidResult();
        var first = TrendChartBuilder.Build([Kpi("streams")], MetricsGrouping.Day, From, To, [Day(From, 1, 1, 1m)], null, "USD", To.AddDays(1));
        var chart = Render<TrendChart>(p => p.Add(c => c.Config, () => first));

        chart.Render(p => p.Add(c => c.Config, () => first with { }));
        Assert.Empty(module.Invocations["update"]);

        var second = TrendChartBuilder.Build([Kpi("streams")], MetricsGrouping.Day, From, To, [Day(From, 2, 1, 1m)], null, "USD", To.AddDays(1));
        chart.Render(p => p.Add(c => c.Config, () => second));

        // Draws run one after another, so the update may follow the parameters asynchronously.
        chart.WaitForAssertion(() => Assert.Equal(2, Invoked(module, "update").Series[0].Points[0].Y));
        Assert.Single(module.Invocations["render"]);
        Assert.Single(module.Invocations["update"]);
    }

    [Fact]
    public void The_dark_mode_reaches_the_chart()
    {
        var module = JSInterop.SetupModule("./js/trend-chart.js");
        module.SetupVoid("render", _ => true).SetVoidResult();
        var config = TrendChartBuilder.Build([Kpi("streams")], MetricsGrouping.Day, From, To, [], null, "USD", To.AddDays(1));

        Render<CascadingValue<bool>>(p => p.Add(c => c.Name, "DarkMode").Add(c => c.Value, true)
            .AddChildContent<TrendChart>(c => c.Add(t => t.Config, () => config)));

        Assert.True(Invoked(module, "render").Dark);
    }

    [Fact]
    public void A_kpi_card_draws_its_sparkline_through_the_same_module()
    {
        var module = JSInterop.SetupModule("./js/trend-chart.js");
        module.SetupVoid("render", _ => true).SetVoidResult();
        var spark = TrendChartBuilder.Build([Kpi("cpl")], MetricsGrouping.Day, From, To, [Day(From, 10, 4, 2m)], null, "USD", To.AddDays(1),
            sparkline: true, height: 48);

        Render<KpiCard>(p => p.Add(c => c.Data, new KpiCardData(Kpi("cpl"), 0.5, Sparkline: () => spark)).Add(c => c.Dark, true));

        var sent = Invoked(module, "render");
        Assert.True(sent.Sparkline);
        Assert.True(sent.Dark);
        Assert.Equal(0.5, sent.Series.Single().Points[0].Y);
    }

    [Fact]
    public void Picking_metrics_and_grain_in_the_trend_card_changes_the_view()
    {
        DashboardView? changed = null;
        var view = new DashboardView { From = From, To = To };
        var card = RenderWithPopovers<TrendCard>(p => p.Add(c => c.View, view).Add(c => c.Current, () => []).Add(c => c.Previous, () => []).Add(c => c.Currency, "USD")
            .Add(c => c.OnChange, (DashboardView v) => changed = v));

        Assert.Equal(["Streams", "Spend (media)", "Streams · previous period", "Spend (media) · previous period"],
            card.FindAll(".trend-legend li").Select(li => li.TextContent.Trim()));

        card.FindAll(".segmented button").Single(b => b.TextContent.Contains("Month")).Click();
        Assert.Equal("month", changed!.Grain);

        var selects = card.FindAll(".trend-metric select");
        Assert.Equal("spend_media", selects[1].QuerySelector("option[selected]")!.GetAttribute("value"));
        selects[1].Change("");
        Assert.Equal(["streams"], changed.TrendMetrics);
        card.FindAll(".trend-metric select")[0].Change("followers");
        Assert.Equal(["followers", "spend_media"], changed.TrendMetrics);
    }
}
