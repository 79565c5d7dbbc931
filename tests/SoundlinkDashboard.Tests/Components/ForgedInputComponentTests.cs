using Bunit;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Tests.Components;

/// <summary>Input a browser can send that once threw in a live circuit (security audit, finding 4).</summary>
public sealed class ForgedInputComponentTests : MudComponentTest
{
    private static MetricsGroup Country(string code, long streams) =>
        new("USD", code, null, new MetricTotals { Rows = 1, Streams = streams, Listeners = streams / 2, SpendMedia = 1m });

    [Theory]
    [InlineData("0")]
    [InlineData("-10")]
    [InlineData("ten")]
    [InlineData("2147483647")]
    [InlineData("")]
    public void A_forged_rows_per_page_value_keeps_the_current_page_size(string forged)
    {
        var rows = Enumerable.Range(0, 25).Select(i => Country($"{(char)('A' + i)}X", 100 + i)).ToList();
        var table = RenderWithPopovers<CountryTable>(p => p.Add(c => c.Rows, () => rows).Add(c => c.Currency, "USD"));

        table.Find(".country-rows select").Change(forged);

        // Ten rows, and the pager still counts pages of ten.
        Assert.Equal(10, table.FindAll("tbody tr").Count);
        Assert.Contains("1–10 of 25", table.Markup);
        table.Find(".country-rows select").Change("50");
        Assert.Equal(25, table.FindAll("tbody tr").Count);
    }

    [Theory]
    [InlineData(MetricsGrouping.Day)]
    [InlineData(MetricsGrouping.Week)]
    [InlineData(MetricsGrouping.Month)]
    public void A_trend_from_0001_01_01_has_no_previous_period_and_a_trend_to_9999_12_31_ends_there(MetricsGrouping grain)
    {
        var kpi = MetricCatalogue.All.Single(k => k.Key == "streams");

        var first = TrendChartBuilder.Build([kpi], grain, DateOnly.MinValue, new DateOnly(1, 3, 28), [], [], "USD", provisionalFrom: new DateOnly(2026, 1, 1));
        var last = TrendChartBuilder.Build([kpi], grain, new DateOnly(9999, 10, 15), DateOnly.MaxValue, [], [], "USD",
            provisionalFrom: new DateOnly(9999, 12, 20));

        Assert.Equal(TrendChartBuilder.Buckets(grain, DateOnly.MinValue, new DateOnly(1, 3, 28)).Count, first.Series[0].Points.Count);
        // The previous period's overlay is there but holds nothing: no day comes before 0001-01-01.
        Assert.All(first.Series[1].Points, p => Assert.Null(p.Y));
        var buckets = TrendChartBuilder.Buckets(grain, new DateOnly(9999, 10, 15), DateOnly.MaxValue);
        Assert.Equal(TrendChartBuilder.BucketOf(grain, DateOnly.MaxValue), buckets[^1]);
        Assert.Equal(buckets.Count, last.Series[0].Points.Count);
        Assert.NotNull(last.Provisional);
    }
}
