using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Tests.Web;

public sealed class DashboardExportTests : IClassFixture<AppFactory>
{
    private readonly AppFactory _app;

    public DashboardExportTests(AppFactory app) => _app = app;

    [Fact]
    public async Task The_country_csv_has_the_digits_the_screen_shows_for_the_same_view_and_other_teams_get_404()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var member = await _app.CreateUserAsync($"csv-{suffix}@example.com");
        var team = await _app.CreateTeamAsync($"csv-{suffix}", "CSV team");
        var other = await _app.CreateTeamAsync($"other-{suffix}", "Other team");
        await _app.AddToTeamAsync(member, team, SoundlinkDashboard.Core.Teams.TeamRole.Viewer);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = TestRows.Generate(seed: 8, campaigns: 2, days: 10, countries: 4, start: today.AddDays(-9), twoCurrencies: false);
        await _app.Services.GetRequiredService<JsonlImporter>().ImportAsync(team.Id, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRow.ToJsonl(rows))), "t.jsonl");
        using var browser = _app.NewBrowser();
        await browser.SignInAsync(member.Email!);

        var response = await browser.Http.GetAsync($"t/{team.Slug}/export/countries.csv?range=7d&country=US&country=DE");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = csv.TrimEnd().Split("\r\n");
        Assert.StartsWith("country_code,spend_media_usd,", lines[0]);
        Assert.Equal(["DE", "US"], lines.Skip(1).Select(l => l.Split(',')[0]));
        var expected = await _app.Services.GetRequiredService<MetricsService>().QueryAsync(new MetricsFilter
        {
            TeamId = team.Id, From = today.AddDays(-6), To = today, Countries = ["US"],
        }, MetricsGrouping.Country);
        var us = lines.Single(l => l.StartsWith("US,", StringComparison.Ordinal)).Split(',');
        var header = lines[0].Split(',');
        Assert.Equal(expected[0].Totals.SpendMedia.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), us[Array.IndexOf(header, "spend_media_usd")]);
        Assert.Equal(expected[0].Totals.Streams.ToString(System.Globalization.CultureInfo.InvariantCulture), us[Array.IndexOf(header, "streams")]);
        Assert.Equal(expected[0].Totals.Cpl is { } cpl ? cpl.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "", us[Array.IndexOf(header, "cpl_usd")]);

        var daily = await browser.Http.GetStringAsync($"t/{team.Slug}/export/daily.csv?range=7d");
        Assert.Equal(8, daily.TrimEnd().Split("\r\n").Length);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"t/{other.Slug}/export/countries.csv")).StatusCode);
        using var anonymous = _app.NewBrowser();
        var refused = await anonymous.Http.GetAsync($"t/{team.Slug}/export/countries.csv");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("country_code", await refused.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")")]
    [InlineData("ZZZ")]
    [InlineData("usd,=1+1")]
    public async Task A_currency_the_data_does_not_hold_is_not_used_and_never_reaches_the_csv(string currency)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var member = await _app.CreateUserAsync($"csvq-{suffix}@example.com");
        var team = await _app.CreateTeamAsync($"csvq-{suffix}", "CSV query team");
        await _app.AddToTeamAsync(member, team, SoundlinkDashboard.Core.Teams.TeamRole.Viewer);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = TestRows.Generate(seed: 9, campaigns: 1, days: 3, countries: 2, start: today.AddDays(-2), twoCurrencies: false);
        await _app.Services.GetRequiredService<JsonlImporter>().ImportAsync(team.Id, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRow.ToJsonl(rows))), "t.jsonl");
        using var browser = _app.NewBrowser();
        await browser.SignInAsync(member.Email!);

        var csv = await browser.Http.GetStringAsync($"t/{team.Slug}/export/countries.csv?range=7d&currency={Uri.EscapeDataString(currency)}");

        var header = csv.Split("\r\n")[0];
        Assert.StartsWith("country_code,spend_media_usd,", header);
        Assert.DoesNotContain("=", csv);
        Assert.DoesNotContain("zzz", header);
    }
}
