using System.Globalization;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Tests.Support;

/// <summary>
/// What a metrics answer must be, computed in the test from the rows themselves (LINQ over <see cref="TestRow"/>),
/// independently of the store's SQL and its rollup tables.
/// </summary>
public static class IndependentMetrics
{
    /// <summary>The rows of each answer group, in the answer's order (currency, then country or period).</summary>
    public static List<((string Currency, string? Key) Key, List<TestRow> Rows)> Expected(IEnumerable<TestRow> rows,
        MetricsFilter filter, MetricsGrouping grouping)
    {
        var countries = filter.Countries.Select(c => c.ToUpperInvariant()).ToHashSet();
        return rows
            .Where(r => filter.From is null || r.Date >= filter.From)
            .Where(r => filter.To is null || r.Date <= filter.To)
            .Where(r => filter.CampaignIds.Count == 0 || filter.CampaignIds.Contains(r.CampaignId))
            .Where(r => countries.Count == 0 || countries.Contains(r.Country))
            .GroupBy(r => (r.Currency, grouping switch
            {
                MetricsGrouping.Country => r.Country,
                MetricsGrouping.Day => r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                MetricsGrouping.Week => r.Date.AddDays(-(((int)r.Date.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                MetricsGrouping.Month => new DateOnly(r.Date.Year, r.Date.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => null,
            }))
            .OrderBy(g => g.Key.Currency, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList()))
            .ToList();
    }

    /// <summary>Every group's sums, ratios and funnel equal those recomputed from its rows.</summary>
    public static void AssertAnswers(List<((string Currency, string? Key) Key, List<TestRow> Rows)> expected, IReadOnlyList<MetricsGroup> actual)
    {
        Assert.Equal(expected.Select(e => e.Key), actual.Select(a => (a.Currency, a.CountryCode ?? a.ReportDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        foreach (var (e, a) in expected.Zip(actual))
        {
            var t = a.Totals;
            Assert.Equal(e.Rows.Count, t.Rows);
            Assert.Equal(NullableSum(e.Rows, r => r.Impressions), t.Impressions);
            Assert.Equal(NullableSum(e.Rows, r => r.AdClicks), t.AdClicks);
            Assert.Equal(NullableSum(e.Rows, r => r.LinkClicks), t.LinkClicks);
            Assert.Equal(e.Rows.Sum(r => r.Streams), t.Streams);
            Assert.Equal(e.Rows.Sum(r => r.Listeners), t.Listeners);
            Assert.Equal(e.Rows.Sum(r => r.Followers), t.Followers);
            Assert.Equal(e.Rows.Sum(r => r.SpendMedia), t.SpendMedia);
            Assert.Equal(e.Rows.Sum(r => r.SpendTotal), t.SpendTotal);
            Assert.Equal(e.Rows.Sum(r => r.Fees), t.Fees);

            AssertRatio(Ratio(e.Rows.Sum(r => r.SpendMedia), e.Rows.Sum(r => r.Listeners)), t.Cpl);
            AssertRatio(Ratio(e.Rows.Sum(r => r.SpendMedia), e.Rows.Sum(r => r.Followers)), t.Cpf);
            AssertRatio(Ratio(e.Rows.Sum(r => r.Streams), e.Rows.Sum(r => r.Listeners)), t.StreamsPerListener);
            var withClicks = e.Rows.Where(r => r.LinkClicks is not null).ToList();
            AssertRatio(Ratio(withClicks.Sum(r => r.SpendMedia), withClicks.Sum(r => r.LinkClicks!.Value)), t.CpcLinkClick);
            var linkCtr = e.Rows.Where(r => r.LinkClicks is not null && r.Impressions is not null).ToList();
            AssertRatio(Ratio(linkCtr.Sum(r => r.LinkClicks!.Value), linkCtr.Sum(r => r.Impressions!.Value)), t.CtrLinkClick);
            var adCtr = e.Rows.Where(r => r.AdClicks is not null && r.Impressions is not null).ToList();
            AssertRatio(Ratio(adCtr.Sum(r => r.AdClicks!.Value), adCtr.Sum(r => r.Impressions!.Value)), t.CtrAdClick);

            // The funnel: impressions -> link clicks -> streams -> listeners -> followers.
            var withImpressions = e.Rows.Where(r => r.Impressions is not null).ToList();
            var funnel = t.Funnel;
            Assert.Equal(["impressions", "link_clicks", "streams", "listeners", "followers"], funnel.Select(f => f.Name));
            AssertRatio(Ratio(withImpressions.Sum(r => r.SpendMedia), withImpressions.Sum(r => r.Impressions!.Value)), funnel[0].CostPer);
            AssertRatio(Ratio(withClicks.Sum(r => r.Streams), withClicks.Sum(r => r.LinkClicks!.Value)), funnel[2].ConversionFromPrevious);
            AssertRatio(Ratio(e.Rows.Sum(r => r.SpendMedia), e.Rows.Sum(r => r.Streams)), funnel[2].CostPer);
            AssertRatio(Ratio(e.Rows.Sum(r => r.Listeners), e.Rows.Sum(r => r.Streams)), funnel[3].ConversionFromPrevious);
            AssertRatio(Ratio(e.Rows.Sum(r => r.Followers), e.Rows.Sum(r => r.Listeners)), funnel[4].ConversionFromPrevious);
            Assert.Equal(t.CtrLinkClick, funnel[1].ConversionFromPrevious);
        }
    }

    private static long? NullableSum(List<TestRow> rows, Func<TestRow, long?> value) =>
        rows.Any(r => value(r) is not null) ? rows.Sum(r => value(r) ?? 0) : null;

    private static double? Ratio(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : (double)numerator / (double)denominator;

    private static void AssertRatio(double? expected, double? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.Value, actual.Value, 1e-9 * Math.Max(1, Math.Abs(expected.Value)));
    }
}
