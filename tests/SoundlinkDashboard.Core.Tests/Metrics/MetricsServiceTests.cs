using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Metrics;

public sealed class MetricsServiceTests : IAsyncLifetime
{
    private TestStore _store = null!;
    private int _team;
    private List<TestRow> _rows = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _team = await _store.CreateTeamAsync();
        _rows = TestRows.Generate(seed: 42, campaigns: 4, days: 30, countries: 8);
        await _store.ImportAsync(_team, _rows);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public static TheoryData<MetricsGrouping, string?, string?, string[], string[]> Filters => new()
    {
        { MetricsGrouping.Total, null, null, [], [] },
        { MetricsGrouping.Country, null, null, [], [] },
        { MetricsGrouping.Day, null, null, [], [] },
        { MetricsGrouping.Total, "2026-03-05", "2026-03-12", [], [] },
        { MetricsGrouping.Country, "2026-03-10", "2026-03-10", ["camp-42-1", "camp-42-2"], [] },
        { MetricsGrouping.Day, null, "2026-03-20", [], ["US", "XK", "BR"] },
        { MetricsGrouping.Total, null, null, ["camp-42-0"], ["de"] },
        { MetricsGrouping.Total, "2027-01-01", null, [], [] },
        { MetricsGrouping.Total, null, null, ["no-such-campaign"], [] },
        { MetricsGrouping.Week, null, null, [], [] },
        { MetricsGrouping.Week, "2026-03-04", "2026-03-17", ["camp-42-3"], ["US", "GB"] },
        { MetricsGrouping.Month, null, null, [], [] },
        { MetricsGrouping.Month, "2026-03-15", "2026-03-30", [], ["FR"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Answers_equal_an_independent_computation_over_the_same_rows(
        MetricsGrouping grouping, string? from, string? to, string[] campaigns, string[] countries)
    {
        var filter = new MetricsFilter
        {
            TeamId = _team,
            From = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            CampaignIds = campaigns,
            Countries = countries,
        };

        var actual = await _store.Metrics.QueryAsync(filter, grouping);

        IndependentMetrics.AssertAnswers(IndependentMetrics.Expected(_rows, filter, grouping), actual);
    }

    [Fact]
    public async Task The_previous_period_is_the_window_of_equal_length_just_before()
    {
        var filter = new MetricsFilter { TeamId = _team, From = new DateOnly(2026, 3, 11), To = new DateOnly(2026, 3, 20), Countries = ["US"] };

        var comparison = await _store.Metrics.CompareWithPreviousAsync(filter);

        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 10)), (comparison.PreviousFrom, comparison.PreviousTo));
        foreach (var currency in new[] { "EUR", "USD" })
        {
            var previousRows = _rows.Where(r => r.Currency == currency && r.Country == "US" && r.Date >= comparison.PreviousFrom && r.Date <= comparison.PreviousTo).ToList();
            var currentRows = _rows.Where(r => r.Currency == currency && r.Country == "US" && r.Date >= filter.From && r.Date <= filter.To).ToList();
            Assert.Equal(previousRows.Sum(r => r.Streams), comparison.Previous.Single(g => g.Currency == currency).Totals.Streams);
            Assert.Equal(currentRows.Sum(r => r.SpendMedia), comparison.Current.Single(g => g.Currency == currency).Totals.SpendMedia);
        }
    }

    [Fact]
    public async Task Money_is_never_added_across_currencies()
    {
        var groups = await _store.Metrics.QueryAsync(new MetricsFilter { TeamId = _team }, MetricsGrouping.Total);

        Assert.Equal(["EUR", "USD"], groups.Select(g => g.Currency));
        Assert.Equal(_rows.Where(r => r.Currency == "EUR").Sum(r => r.SpendMedia), groups[0].Totals.SpendMedia);
    }

    [Fact]
    public async Task A_zero_denominator_gives_no_ratio_rather_than_zero()
    {
        await using var store = await TestStore.CreateAsync();
        var team = await store.CreateTeamAsync();
        await store.ImportAsync(team, [new TestRow { Listeners = 0, Streams = 0, Followers = 0, Impressions = null, LinkClicks = 0 }]);

        var totals = (await store.Metrics.QueryAsync(new MetricsFilter { TeamId = team }, MetricsGrouping.Total)).Single().Totals;

        Assert.Null(totals.Cpl);
        Assert.Null(totals.Cpf);
        Assert.Null(totals.StreamsPerListener);
        Assert.Null(totals.CpcLinkClick);
        Assert.Null(totals.CtrLinkClick);
        Assert.Null(totals.Impressions);
    }

    [Fact]
    public async Task A_row_without_impressions_does_not_dilute_ctr()
    {
        await using var store = await TestStore.CreateAsync();
        var team = await store.CreateTeamAsync();
        await store.ImportAsync(team, [
            new TestRow { Country = "US", Impressions = 1000, LinkClicks = 50 },
            new TestRow { Country = "DE", Impressions = null, LinkClicks = 50 },
        ]);

        var totals = (await store.Metrics.QueryAsync(new MetricsFilter { TeamId = team }, MetricsGrouping.Total)).Single().Totals;

        Assert.Equal(0.05, totals.CtrLinkClick);
        Assert.Equal(100, totals.LinkClicks);
    }

    [Fact]
    public async Task The_seed_rows_give_the_documented_ratios()
    {
        await using var store = await TestStore.CreateAsync();
        var team = await store.CreateTeamAsync();
        var us = new TestRow();
        var de = new TestRow
        {
            Country = "DE", Impressions = 2103, AdClicks = 48, LinkClicks = 31, Streams = 87, Listeners = 61,
            Followers = 4, SpendMedia = 18.20m, SpendTotal = 22.75m, Fees = 4.55m,
        };
        await store.ImportAsync(team, [us, de]);

        var byCountry = await store.Metrics.QueryAsync(new MetricsFilter { TeamId = team }, MetricsGrouping.Country);

        // The export's printed ratios, to their printed precision (DE's ctr_linkclick is printed as 0.0148
        // although 31 / 2103 = 0.01474, hence one unit of the last printed place as tolerance).
        var usTotals = byCountry.Single(g => g.CountryCode == "US").Totals;
        AssertPrinted(0.293, usTotals.Cpl, 3);
        AssertPrinted(3.542, usTotals.Cpf, 3);
        AssertPrinted(0.478, usTotals.CpcLinkClick, 3);
        AssertPrinted(0.0185, usTotals.CtrLinkClick, 4);
        AssertPrinted(0.0232, usTotals.CtrAdClick, 4);
        AssertPrinted(1.4, usTotals.StreamsPerListener, 2);
        var deTotals = byCountry.Single(g => g.CountryCode == "DE").Totals;
        AssertPrinted(0.298, deTotals.Cpl, 3);
        AssertPrinted(4.55, deTotals.Cpf, 3);
        AssertPrinted(0.587, deTotals.CpcLinkClick, 3);
        AssertPrinted(0.0148, deTotals.CtrLinkClick, 4);
        AssertPrinted(0.0228, deTotals.CtrAdClick, 4);
        AssertPrinted(1.43, deTotals.StreamsPerListener, 2);
    }

    [Fact]
    public async Task Another_teams_rows_are_never_counted()
    {
        var other = await _store.CreateTeamAsync("other");
        await _store.ImportAsync(other, TestRows.Generate(seed: 42, campaigns: 4, days: 30, countries: 8));

        var groups = await _store.Metrics.QueryAsync(new MetricsFilter { TeamId = _team }, MetricsGrouping.Total);

        Assert.Equal(_rows.Count, groups.Sum(g => g.Totals.Rows));
    }

    private static void AssertPrinted(double printed, double? actual, int decimals)
    {
        Assert.NotNull(actual);
        Assert.InRange(actual.Value, printed - Math.Pow(10, -decimals), printed + Math.Pow(10, -decimals));
    }
}
