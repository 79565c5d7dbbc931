using Bunit;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Tests.Components;

public sealed class KpiCardTests : MudComponentTest
{
    private static MetricDefinition Kpi(string key) => MetricCatalogue.All.Single(k => k.Key == key);

    [Fact]
    public void A_volume_that_went_up_shows_value_percent_absolute_and_green()
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Data, new KpiCardData(Kpi("streams"), 1500, 1200, PeriodLabel: "28 days")));

        Assert.Contains("1,500", card.Find(".kpi-value").TextContent);
        var delta = card.Find(".kpi-delta");
        Assert.Contains("good", delta.ClassList);
        Assert.Contains("+25.0 %", delta.TextContent);
        Assert.Contains("(+300)", delta.TextContent);
        Assert.Contains("vs previous 28 days", delta.TextContent);
    }

    [Fact]
    public void A_cost_that_went_up_is_red_and_one_that_went_down_is_green()
    {
        var up = Render<KpiCard>(p => p.Add(c => c.Data, new KpiCardData(Kpi("cpl"), 0.30, 0.25, Currency: "EUR")));
        var down = Render<KpiCard>(p => p.Add(c => c.Data, new KpiCardData(Kpi("cpl"), 0.20, 0.25, Currency: "EUR")));

        Assert.Contains("bad", up.Find(".kpi-delta").ClassList);
        Assert.Contains("0.300 EUR", up.Find(".kpi-value").TextContent);
        Assert.Contains("good", down.Find(".kpi-delta").ClassList);
        Assert.Contains("−20.0 %", down.Find(".kpi-delta").TextContent);
    }

    [Fact]
    public void An_undefined_value_shows_a_dash_and_no_comparison()
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Data, new KpiCardData(Kpi("cpf"), null, 3.5)));

        Assert.Equal("—", card.Find(".kpi-value").TextContent.Trim());
        Assert.Contains("no comparison", card.Find(".kpi-delta").TextContent);
        Assert.Contains("neutral", card.Find(".kpi-delta").ClassList);
    }

    [Fact]
    public void Rates_change_in_percentage_points_and_a_zero_base_is_new()
    {
        var ctr = Render<KpiCard>(p => p.Add(c => c.Data, new KpiCardData(Kpi("ctr_linkclick"), 0.0185, 0.0150)));
        var fromZero = Render<KpiCard>(p => p.Add(c => c.Data, new KpiCardData(Kpi("followers"), 10, 0)));

        Assert.Contains("1.85 %", ctr.Find(".kpi-value").TextContent);
        Assert.Contains("+0.35 pp", ctr.Find(".kpi-delta").TextContent);
        Assert.Contains("new", fromZero.Find(".kpi-delta").TextContent);
    }

    [Fact]
    public void Without_comparison_no_delta_is_shown_and_the_definition_is_in_the_tooltip_label()
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Data, new KpiCardData(Kpi("listeners"), 10, Compare: false)));

        Assert.Empty(card.FindAll(".kpi-delta"));
        Assert.Contains("Listener-days", card.Markup);
        Assert.Contains("Not unique listeners", card.Find(".kpi-info").GetAttribute("aria-label"));
    }
}

public sealed class DashboardViewTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Theory]
    [InlineData(null, "2026-10-31", "2026-11-27")]
    [InlineData("7d", "2026-11-21", "2026-11-27")]
    [InlineData("90d", "2026-08-30", "2026-11-27")]
    [InlineData("this-month", "2026-11-01", "2026-11-27")]
    [InlineData("last-month", "2026-10-01", "2026-10-31")]
    [InlineData("nonsense", "2026-10-31", "2026-11-27")]
    public void Presets_give_inclusive_utc_windows(string? range, string from, string to)
    {
        var view = DashboardView.Parse(new DashboardQuery(Range: range), Today);

        Assert.Equal((DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), (view.From, view.To));
    }

    [Fact]
    public void A_view_round_trips_through_the_query_string()
    {
        var view = DashboardView.Parse(new DashboardQuery("custom", "2026-03-01", "2026-03-31", "0", ["c1", "c2"], ["us", "de"], "eur",
            "cpl", ["followers", "cpf"], "week"), Today);

        var query = view.ToQuery();
        string[]? Many(string key) => query[key] as string[];
        var again = DashboardView.Parse(new DashboardQuery(query["range"] as string, query["from"] as string, query["to"] as string,
            query["compare"] as string, Many("campaign"), Many("country"), query["currency"] as string, query["map"] as string, Many("trend"),
            query["grain"] as string), Today);

        Assert.Equal(view.From, again.From);
        Assert.Equal(view.To, again.To);
        Assert.False(again.Compare);
        Assert.Equal(["c1", "c2"], again.Campaigns);
        Assert.Equal(["US", "DE"], again.Countries);
        Assert.Equal("EUR", again.Currency);
        Assert.Equal("cpl", again.MapMetric);
        Assert.Equal(["followers", "cpf"], again.TrendMetrics);
        Assert.Equal("week", again.Grain);
    }

    [Fact]
    public void Unknown_trend_metrics_and_grains_fall_back_and_at_most_two_metrics_are_kept()
    {
        var odd = DashboardView.Parse(new DashboardQuery(Trend: ["nope"], Grain: "hour"), Today);
        var many = DashboardView.Parse(new DashboardQuery(Trend: ["cpl", "cpf", "streams"]), Today);

        Assert.Equal(DashboardView.DefaultTrend, odd.TrendMetrics);
        Assert.Equal("day", odd.Grain);
        Assert.Null(odd.ToQuery()["trend"]);
        Assert.Equal(["cpl", "cpf"], many.TrendMetrics);
    }

    [Fact]
    public void A_bad_custom_window_falls_back_to_the_default()
    {
        var view = DashboardView.Parse(new DashboardQuery("custom", "2026-03-31", "2026-03-01"), Today);

        Assert.Equal("28d", view.Range);
        Assert.Equal(Today, view.To);
    }
}
