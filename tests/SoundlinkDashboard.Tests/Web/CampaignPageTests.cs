using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>A campaign's page is the dashboard scoped to that campaign.</summary>
public sealed class CampaignPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_campaigns_page_shows_its_name_and_only_its_numbers()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var member = await app.CreateUserAsync($"camp-{suffix}@example.com");
        var team = await app.CreateTeamAsync($"camp-{suffix}", "Campaign team");
        await app.AddToTeamAsync(member, team, TeamRole.Viewer);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = TestRows.Generate(seed: 12, campaigns: 2, days: 10, countries: 3, start: today.AddDays(-9), twoCurrencies: false);
        await app.Services.GetRequiredService<JsonlImporter>().ImportAsync(team.Id, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRow.ToJsonl(rows))), "c.jsonl");
        using var browser = app.NewBrowser();
        await browser.SignInAsync(member.Email!);

        // An explicit window: the page and the expected figures use the same dates even across midnight UTC.
        var (from, to) = (today.AddDays(-27), today);
        var page = await browser.GetAsync($"/t/{team.Slug}/c/camp-12-1?range=custom&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        var unknown = await browser.GetAsync($"/t/{team.Slug}/c/no-such-campaign");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var html = WebUtility.HtmlDecode(page.Html);
        Assert.Matches("<h1[^>]*>Campaign 1</h1>", html);
        var expected = (await app.Services.GetRequiredService<MetricsService>().QueryAsync(new MetricsFilter
        {
            TeamId = team.Id, CampaignIds = ["camp-12-1"], From = from, To = to,
        }, MetricsGrouping.Total)).Single();
        var streams = Regex.Match(html, "aria-label=\"Streams\".*?kpi-value numeric[^>]*>([^<]+)<", RegexOptions.Singleline).Groups[1].Value.Trim();
        Assert.Equal(expected.Totals.Streams.ToString("N0", CultureInfo.InvariantCulture), streams);
        Assert.Contains("No such campaign in this team", unknown.Html);
    }
}
