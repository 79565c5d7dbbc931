using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>
/// Addresses a member may type or be sent (security audit, finding 4): odd dates give the dashboard with a clear word,
/// never a server error; and the share links page says when a link's creator has left.
/// </summary>
public sealed class DashboardAddressTests(DashboardAddressTests.App app) : IClassFixture<DashboardAddressTests.App>
{
    public sealed class App : AppFactory
    {
        public const string Slug = "address-team";
        public AppUser Owner { get; private set; } = default!;
        public Team Team { get; private set; } = default!;
        public IReadOnlyList<string> CampaignIds { get; private set; } = [];

        protected override async Task SeedAsync()
        {
            Owner = await CreateUserAsync("address-owner@example.com");
            Team = await CreateTeamAsync(Slug, "Address Team");
            await AddToTeamAsync(Owner, Team, TeamRole.Owner);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var rows = TestRows.Generate(seed: 23, campaigns: 2, days: 10, countries: 3, start: today.AddDays(-9), twoCurrencies: false);
            await Services.GetRequiredService<JsonlImporter>().ImportAsync(Team.Id, new MemoryStream(Encoding.UTF8.GetBytes(TestRow.ToJsonl(rows))), "a.jsonl");
            CampaignIds = rows.Select(r => r.CampaignId).Distinct().Order().ToList();
        }
    }

    private async Task<string> DashboardAsync(string query)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync(app.Owner.Email!);
        var page = await browser.GetAsync($"/t/{App.Slug}{query}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return WebUtility.HtmlDecode(page.Html);
    }

    [Theory]
    [InlineData("?range=custom&from=2026-03-05&to=2026-03-01", "the start 2026-03-05 is after the end 2026-03-01")]
    [InlineData("?range=custom&from=2026-02-30&to=2026-03-01", "the start \"2026-02-30\" is not a date (yyyy-mm-dd)")]
    [InlineData("?range=custom&from=2010-01-01&to=2026-03-01", "2010-01-01 → 2026-03-01 is longer than the maximum of 3660 days")]
    [InlineData("?range=custom&to=2026-03-01", "no start date")]
    public async Task Invalid_dates_in_the_address_fall_back_to_28_days_and_say_so(string query, string reason)
    {
        var html = await DashboardAsync(query);

        Assert.Contains($"The dates in the address were not valid ({reason}); showing the last 28 days.", html);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Contains($"{today.AddDays(-27):yyyy-MM-dd} → {today:yyyy-MM-dd}", html);
        Assert.Contains("kpi-value", html);
    }

    [Fact]
    public async Task Valid_dates_and_presets_say_nothing_about_the_address()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        Assert.DoesNotContain("were not valid", await DashboardAsync($"?range=custom&from={today.AddDays(-5):yyyy-MM-dd}&to={today:yyyy-MM-dd}"));
        Assert.DoesNotContain("were not valid", await DashboardAsync("?range=7d"));
    }

    [Theory]
    [InlineData("?range=custom&from=0001-01-01&to=0001-01-28")]
    [InlineData("?range=custom&from=0001-01-01&to=0001-03-28&grain=week")]
    [InlineData("?range=custom&from=0001-01-05&to=0001-02-28&grain=month")]
    [InlineData("?range=custom&from=9999-12-01&to=9999-12-31")]
    [InlineData("?range=custom&from=9999-12-01&to=9999-12-31&grain=week")]
    [InlineData("?range=custom&from=9999-10-15&to=9999-12-31&grain=month")]
    public async Task Dates_at_the_ends_of_the_calendar_give_a_page_not_a_server_error(string query)
    {
        var html = await DashboardAsync(query);

        Assert.Contains("No data in this range", html);
        Assert.DoesNotContain("were not valid", html);
    }

    [Fact]
    public async Task The_share_links_page_marks_links_whose_creator_is_no_longer_a_member()
    {
        var editor = await app.CreateUserAsync($"leaving-{Guid.NewGuid():N}@example.com");
        await app.AddToTeamAsync(editor, app.Team, TeamRole.Editor);
        var shares = app.Services.GetRequiredService<ShareService>();
        await shares.CreateAsync(AppFactory.PrincipalOf(editor), App.Slug, new ShareLinkInput
        {
            Name = "Made by the leaver", CampaignIds = [app.CampaignIds[0]], RollingDays = 28,
        });
        await shares.CreateAsync(AppFactory.PrincipalOf(app.Owner), App.Slug, new ShareLinkInput
        {
            Name = "Made by the owner", CampaignIds = [app.CampaignIds[0]], RollingDays = 28,
        });
        var memberships = app.Services.GetRequiredService<MembershipService>();
        var membership = (await memberships.ListAsync(AppFactory.PrincipalOf(app.Owner), App.Slug)).Single(m => m.UserId == editor.Id);
        await memberships.RemoveAsync(AppFactory.PrincipalOf(app.Owner), App.Slug, membership.MembershipId);
        using var browser = app.NewBrowser();
        await browser.SignInAsync(app.Owner.Email!);

        var html = WebUtility.HtmlDecode((await browser.GetAsync($"/t/{App.Slug}/shares")).Html);

        var rows = html.Split("<tr").Where(r => r.Contains("Made by the", StringComparison.Ordinal)).ToList();
        Assert.Contains("no longer a member", Assert.Single(rows, r => r.Contains("Made by the leaver", StringComparison.Ordinal)));
        Assert.DoesNotContain("no longer a member", Assert.Single(rows, r => r.Contains("Made by the owner", StringComparison.Ordinal)));
    }

    /// <summary>The trend places the metrics service's weeks and months by its own bucketing: both must name the same first day.</summary>
    [Theory]
    [InlineData(MetricsGrouping.Week)]
    [InlineData(MetricsGrouping.Month)]
    public async Task The_sql_and_the_charts_week_and_month_buckets_agree_before_and_after_1970(MetricsGrouping grain)
    {
        var team = await app.CreateTeamAsync($"epoch-{grain.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..30], "Epoch Team");
        var (from, to) = (new DateOnly(1969, 11, 20), new DateOnly(1970, 2, 10));
        var rows = TestRows.Generate(seed: 70, campaigns: 1, days: to.DayNumber - from.DayNumber + 1, countries: 2, start: from, twoCurrencies: false);
        await app.Services.GetRequiredService<JsonlImporter>().ImportAsync(team.Id, new MemoryStream(Encoding.UTF8.GetBytes(TestRow.ToJsonl(rows))), "e.jsonl");

        var groups = await app.Services.GetRequiredService<MetricsService>().QueryAsync(new MetricsFilter { TeamId = team.Id, From = from, To = to }, grain);
        var chart = TrendChartBuilder.Build([MetricCatalogue.All.Single(k => k.Key == "streams")], grain, from, to, groups, null, "USD",
            provisionalFrom: DateOnly.MaxValue);

        Assert.Equal(TrendChartBuilder.Buckets(grain, from, to), groups.Select(g => g.ReportDate!.Value));
        Assert.All(groups, g => Assert.Equal(TrendChartBuilder.BucketOf(grain, g.ReportDate!.Value), g.ReportDate!.Value));
        // Every row lands on a point of the chart: nothing falls between the two bucketings.
        Assert.Equal((double)rows.Sum(r => r.Streams), chart.Series[0].Points.Sum(p => p.Y ?? 0));
    }
}
