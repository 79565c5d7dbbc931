using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Metrics;

public sealed class DashboardQueriesTests : IAsyncLifetime
{
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2026, 12, 31);
    private TwoTeams _teams = null!;

    public async Task InitializeAsync() => _teams = await TwoTeams.CreateAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private DashboardQueries Queries => _teams.Services.GetRequiredService<DashboardQueries>();

    [Fact]
    public async Task A_members_dashboard_holds_only_its_teams_campaigns_and_numbers()
    {
        var snapshot = await Queries.LoadAsync(_teams.A.Viewer.Principal, _teams.A.Slug, new DashboardRequest(From, To, [], []));

        Assert.Equal(_teams.A.CampaignIds.Order(), snapshot.Campaigns.Select(c => c.CampaignId).Order());
        var direct = await _teams.Services.GetRequiredService<MetricsService>()
            .QueryAsync(new MetricsFilter { TeamId = _teams.A.Id, From = From, To = To }, MetricsGrouping.Total);
        Assert.Equal(direct.Select(g => (g.Currency, g.Totals.Rows, g.Totals.SpendMedia)),
            snapshot.Comparison.Current.Select(g => (g.Currency, g.Totals.Rows, g.Totals.SpendMedia)));
    }

    [Theory]
    [InlineData(MetricsGrouping.Day)]
    [InlineData(MetricsGrouping.Week)]
    [InlineData(MetricsGrouping.Month)]
    public async Task The_trend_and_its_overlay_are_the_metrics_services_groups_of_both_windows(MetricsGrouping grain)
    {
        // The test data covers 2026-03-01..03: this window holds two of those days and its previous period the first.
        var from = new DateOnly(2026, 3, 2);
        var to = new DateOnly(2026, 3, 3);
        var snapshot = await Queries.LoadAsync(_teams.A.Viewer.Principal, _teams.A.Slug, new DashboardRequest(from, to, [], [], grain));

        var metrics = _teams.Services.GetRequiredService<MetricsService>();
        var filter = new MetricsFilter { TeamId = _teams.A.Id, From = from, To = to };
        static IEnumerable<(string, DateOnly?, long, long)> Keys(IEnumerable<MetricsGroup> groups) =>
            groups.Select(g => (g.Currency, g.ReportDate, g.Totals.Rows, g.Totals.Streams));
        Assert.Equal(Keys(await metrics.QueryAsync(filter, grain)), Keys(snapshot.Trend));
        Assert.Equal(Keys(await metrics.QueryAsync(filter with { From = snapshot.Comparison.PreviousFrom, To = snapshot.Comparison.PreviousTo }, grain)),
            Keys(snapshot.PreviousTrend));
        Assert.Equal(Keys(await metrics.QueryAsync(filter, MetricsGrouping.Day)), Keys(snapshot.Daily));
        Assert.NotEmpty(snapshot.Trend);
        Assert.NotEmpty(snapshot.PreviousTrend);
    }

    [Fact]
    public async Task Another_teams_campaign_ids_in_the_filter_give_nothing()
    {
        var snapshot = await Queries.LoadAsync(_teams.A.Owner.Principal, _teams.A.Slug,
            new DashboardRequest(From, To, _teams.B.CampaignIds.ToList(), []));

        Assert.Empty(snapshot.Comparison.Current);
        Assert.Empty(snapshot.Comparison.Previous);
        Assert.DoesNotContain(snapshot.Campaigns, c => _teams.B.CampaignIds.Contains(c.CampaignId));
    }

    [Fact]
    public async Task Another_teams_slug_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Queries.LoadAsync(_teams.A.Owner.Principal, _teams.B.Slug, new DashboardRequest(From, To, [], [])));
    }
}
