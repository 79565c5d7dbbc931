using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Sharing;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>A share link's viewer over real HTTP: only the pinned scope, one 404 for every dead token, strict headers, no token in logs.</summary>
public sealed class ShareViewerTests(ShareViewerTests.App app) : IClassFixture<ShareViewerTests.App>
{
    public sealed class App : AppFactory
    {
        public const string Slug = "share-team";
        public const string KeyName = "Share Team Key";
        public static readonly DateOnly From = new(2026, 3, 1);
        public static readonly DateOnly To = new(2026, 3, 5);

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        public string KeySecret { get; } = $"sk_share_{Guid.NewGuid():N}";
        public Team Team { get; private set; } = default!;
        public Core.Accounts.AppUser Owner { get; private set; } = default!;
        public IReadOnlyList<string> CampaignIds { get; private set; } = [];
        /// <summary>Pins Campaign 0, country US, streams and followers, 2026-03-01..05, CSV allowed.</summary>
        public IssuedShareLink Pinned { get; private set; } = default!;

        protected override TimeProvider? Time => Clock;

        protected override async Task SeedAsync()
        {
            Owner = await CreateUserAsync("share-owner@example.com");
            Team = await CreateTeamAsync(Slug, "Share Team");
            await AddToTeamAsync(Owner, Team, TeamRole.Owner);
            await AddKeyAsync(Owner, Team, KeyName, KeySecret);
            // Exported before the app's clock: a later exported_at would be refused as from the future.
            var rows = TestRows.Generate(seed: 31, campaigns: 2, days: 10, countries: 3, start: From, twoCurrencies: false,
                exportedAt: Clock.GetUtcNow().AddHours(-1));
            await Services.GetRequiredService<JsonlImporter>().ImportAsync(Team.Id, new MemoryStream(Encoding.UTF8.GetBytes(TestRow.ToJsonl(rows))), "s.jsonl");
            CampaignIds = rows.Select(r => r.CampaignId).Distinct().Order().ToList();
            Pinned = await CreateLinkAsync(new ShareLinkInput
            {
                Name = "Manager view", CampaignIds = [CampaignIds[0]], Countries = ["US"], Metrics = ["streams", "followers"],
                From = From, To = To, AllowCsv = true,
            });
        }

        public Task<IssuedShareLink> CreateLinkAsync(ShareLinkInput input) =>
            Services.GetRequiredService<ShareService>().CreateAsync(PrincipalOf(Owner), Slug, input);

        public async Task<MetricsGroup> PinnedTotalAsync() => (await Services.GetRequiredService<MetricsService>().QueryAsync(new MetricsFilter
        {
            TeamId = Team.Id, CampaignIds = [CampaignIds[0]], Countries = ["US"], From = From, To = To,
        }, MetricsGrouping.Total)).Single();
    }

    private const string Tampering = "?campaign=camp-31-1&country=DE&country=GB&range=custom&from=2020-01-01&to=2030-12-31&map=spend_media&currency=USD";

    private static string N0(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_viewer_page_shows_the_pinned_scope_only_whatever_the_query_asks_for()
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync($"/s/{app.Pinned.Token}{Tampering}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var html = WebUtility.HtmlDecode(page.Html);
        var total = await app.PinnedTotalAsync();
        var streamsCard = Regex.Match(html, "aria-label=\"Streams\".*?kpi-value numeric[^>]*>([^<]+)<", RegexOptions.Singleline);
        Assert.Equal(N0(total.Totals.Streams), streamsCard.Groups[1].Value.Trim());
        Assert.Contains("Campaign 0", html);
        Assert.DoesNotContain("Campaign 1", html);
        Assert.Contains("2026-03-01 → 2026-03-05", html);
        // Metrics the link does not pin are nowhere: no card, no column, no map colouring.
        Assert.DoesNotContain("Spend (media)", html);
        Assert.DoesNotContain("Cost per listener", html);
        // Countries outside the link are neither in the table nor coloured on the map.
        var table = html[html.IndexOf("country-table", StringComparison.Ordinal)..];
        Assert.DoesNotContain(">DE<", table);
        Assert.DoesNotContain(">GB<", table);
        Assert.Contains("data-code=\"US\"", html);
        Assert.DoesNotContain("data-code=\"DE\"", html);
        Assert.Contains("Share Team", html);
        Assert.DoesNotContain("/t/" + App.Slug, html);
    }

    [Fact]
    public async Task The_csv_of_a_link_holds_its_scope_and_its_metrics_only()
    {
        using var browser = app.NewBrowser();

        var countries = await browser.Http.GetStringAsync($"s/{app.Pinned.Token}/export/countries.csv{Tampering}");
        var daily = await browser.Http.GetStringAsync($"s/{app.Pinned.Token}/export/daily.csv{Tampering}");

        var lines = countries.TrimEnd().Split("\r\n");
        Assert.Equal("country_code,streams,followers", lines[0]);
        var total = await app.PinnedTotalAsync();
        Assert.Equal([$"US,{total.Totals.Streams},{total.Totals.Followers}"], lines.Skip(1));
        var days = daily.TrimEnd().Split("\r\n").Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"], days);
        Assert.Equal(total.Totals.Streams, daily.TrimEnd().Split("\r\n").Skip(1).Sum(l => long.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_bad_an_expired_and_a_revoked_token_get_byte_identical_404s()
    {
        var expiring = await app.CreateLinkAsync(new ShareLinkInput { Name = "Short", CampaignIds = [app.CampaignIds[0]], RollingDays = 7, ExpiresInDays = 1 });
        var revoked = await app.CreateLinkAsync(new ShareLinkInput { Name = "Revoked", CampaignIds = [app.CampaignIds[0]], RollingDays = 7 });
        var noCsv = await app.CreateLinkAsync(new ShareLinkInput { Name = "No CSV", CampaignIds = [app.CampaignIds[0]], RollingDays = 7 });
        await app.Services.GetRequiredService<ShareService>().RevokeAsync(AppFactory.PrincipalOf(app.Owner), App.Slug, revoked.Link.Id);
        using var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/s/{expiring.Token}")).Status);
        // Only this test's links are short-lived; the others expire in 30 days.
        app.Clock.Advance(TimeSpan.FromDays(1));
        string[] addresses =
        [
            $"s/{expiring.Token}", $"s/{revoked.Token}", $"s/{ShareTokens.NewToken()}", "s/short", $"s/{revoked.Token}/export/daily.csv",
            $"s/{noCsv.Token}/export/countries.csv", $"s/{expiring.Token}?country=US",
        ];
        var bodies = new List<byte[]>();
        foreach (var address in addresses)
        {
            var response = await browser.Http.GetAsync(address);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            bodies.Add(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.All(bodies, body => Assert.Equal(bodies[0], body));
        Assert.Contains(ShareGate.Title, Encoding.UTF8.GetString(bodies[0]));
    }

    [Fact]
    public async Task Share_pages_send_no_referrer_noindex_no_store_and_the_csp()
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync($"/s/{app.Pinned.Token}");

        var headers = page.Response.Headers;
        Assert.Equal("no-referrer", Assert.Single(headers.GetValues("Referrer-Policy")));
        Assert.Contains("noindex", Assert.Single(headers.GetValues("X-Robots-Tag")));
        Assert.Contains("no-store", headers.CacheControl!.ToString());
        Assert.Contains("frame-ancestors 'none'", Assert.Single(headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Tokens_are_masked_in_every_log_line()
    {
        var canary = ShareTokens.NewToken();
        using var browser = app.NewBrowser();

        await browser.GetAsync($"/s/{app.Pinned.Token}");
        await browser.GetAsync($"/s/{canary}");
        await browser.Http.GetAsync($"s/{canary}/export/countries.csv");

        var logs = app.AllLogText();
        Assert.Contains("/s/[token]", logs);
        var leaks = app.Logs.Entries.Where(e => $"{e.Message} {e.Exception}".Contains(canary, StringComparison.Ordinal))
            .Select(e => $"{e.Category}: {e.Message.Replace(canary, "CANARY", StringComparison.Ordinal)}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.DoesNotContain(canary, logs);
        Assert.DoesNotContain(app.Pinned.Token, logs);
    }

    [Fact]
    public async Task Tokens_are_masked_in_the_logs_in_any_case_and_percent_encoded_in_paths_and_query_strings()
    {
        var canaries = Enumerable.Range(0, 6).Select(_ => ShareTokens.NewToken()).ToArray();
        using var browser = app.NewBrowser();

        await browser.GetAsync($"/S/{app.Pinned.Token}");
        await browser.GetAsync($"/%53/{canaries[0]}");
        await browser.GetAsync($"/%73/{canaries[1]}/export/daily.csv");
        await browser.GetAsync($"/Account/Login?ReturnUrl=%2Fs%2F{canaries[2]}");
        await browser.GetAsync($"/Account/Login?ReturnUrl=%252FS%252F{canaries[3]}&x=1");
        await browser.GetAsync($"/Account/Login?ReturnUrl=%2F%53%2F{canaries[4]}");
        await browser.GetAsync($"/t/x?next=/s/{canaries[5]}");

        var logs = app.AllLogText();
        foreach (var secret in canaries.Append(app.Pinned.Token))
        {
            var leaks = app.Logs.Entries.Where(e => $"{e.Message} {e.Exception}".Contains(secret, StringComparison.Ordinal))
                .Select(e => $"{e.Category}: {e.Message.Replace(secret, "CANARY", StringComparison.Ordinal)}").ToList();
            Assert.True(leaks.Count == 0, string.Join("\n", leaks));
            Assert.DoesNotContain(secret, logs);
        }
        // The rest of the line stays readable.
        Assert.Contains("ReturnUrl=%2Fs%2F[token]", logs);
    }

    [Theory]
    [InlineData("GET /S/abcDEF123/export", "GET /S/[token]/export")]
    [InlineData("ReturnUrl=%2fs%2fabcDEF123&y=2", "ReturnUrl=%2fs%2f[token]&y=2")]
    [InlineData("ReturnUrl=%252Fs%252FabcDEF123%2526y", "ReturnUrl=%252Fs%252F[token]%2526y")]
    [InlineData("/%53/abcDEF123?x", "/%53/[token]?x")]
    [InlineData("Sync runs/42 and campaigns/abc", "Sync runs/42 and campaigns/abc")]
    public void Redaction_matches_share_prefixes_in_every_encoding_and_nothing_else(string text, string expected) =>
        Assert.Equal(expected, SoundlinkDashboard.Logging.LogRedaction.Redact(text));

    [Fact]
    public async Task A_viewer_never_receives_key_material()
    {
        using var browser = app.NewBrowser();

        var html = WebUtility.HtmlDecode((await browser.GetAsync($"/s/{app.Pinned.Token}")).Html);
        var csv = await browser.Http.GetStringAsync($"s/{app.Pinned.Token}/export/countries.csv");

        foreach (var text in new[] { html, csv })
        {
            Assert.DoesNotContain(app.KeySecret, text);
            Assert.DoesNotContain(app.KeySecret[^4..], text);
            Assert.DoesNotContain(KeyRules.Mask(app.KeySecret[^4..]), text);
            Assert.DoesNotContain(App.KeyName, text);
            Assert.DoesNotContain("sk_", text);
        }
    }

    /// <summary>A link stored with the given pinned campaign rows (as links made before the audit's fix could hold).</summary>
    private async Task<string> StoreLinkAsync(string name, params string[] campaignIds)
    {
        var token = ShareTokens.NewToken();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var now = app.Clock.GetUtcNow();
        db.ShareLinks.Add(new ShareLink
        {
            TeamId = app.Team.Id, Name = name, TokenHash = ShareTokens.Hash(token), Metrics = "streams\nspend_media",
            Campaigns = campaignIds.Select(id => new ShareLinkCampaign { CampaignId = id }).ToList(),
            FixedFrom = App.From, FixedTo = App.To, AllowCsv = true, CreatedByUserId = app.Owner.Id, CreatedAt = now, ExpiresAt = now.AddDays(30),
        });
        await db.SaveChangesAsync();
        return token;
    }

    /// <summary>The audit's cases: a pinned id " " once read back as no id (= every campaign), "e-one\n&lt;id&gt;" as two ids.</summary>
    [Theory]
    [InlineData(" ")]
    [InlineData("e-one\n")]
    [InlineData("")]
    public async Task A_link_whose_pinned_ids_match_no_campaign_shows_nothing_on_the_page_or_in_its_csv(string pinned)
    {
        var token = await StoreLinkAsync("Audit " + pinned.Length, pinned == "e-one\n" ? pinned + app.CampaignIds[1] : pinned);
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync($"/s/{token}");
        var countries = await browser.Http.GetStringAsync($"s/{token}/export/countries.csv");
        var daily = await browser.Http.GetStringAsync($"s/{token}/export/daily.csv");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var html = WebUtility.HtmlDecode(page.Html);
        Assert.DoesNotContain("Campaign 0", html);
        Assert.DoesNotContain("Campaign 1", html);
        Assert.DoesNotContain("kpi-value", html);
        Assert.Contains("No data in this range", html);
        // The header line only.
        Assert.StartsWith("country_code,", Assert.Single(countries.TrimEnd('\n').Split('\n')));
        Assert.StartsWith("report_date,", Assert.Single(daily.TrimEnd('\n').Split('\n')));
    }

    [Fact]
    public async Task A_link_whose_campaign_rows_were_removed_shows_nothing_instead_of_the_whole_team()
    {
        var issued = await app.CreateLinkAsync(new ShareLinkInput
        {
            Name = "Emptied", CampaignIds = [app.CampaignIds[0]], Metrics = ["streams"], From = App.From, To = App.To, AllowCsv = true,
        });
        using var browser = app.NewBrowser();
        Assert.Contains("kpi-value", (await browser.GetAsync($"/s/{issued.Token}")).Html);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM ShareLinkCampaigns WHERE ShareLinkId = {issued.Link.Id}");
        }

        var html = WebUtility.HtmlDecode((await browser.GetAsync($"/s/{issued.Token}")).Html);
        var csv = await browser.Http.GetStringAsync($"s/{issued.Token}/export/daily.csv");

        Assert.DoesNotContain("kpi-value", html);
        Assert.DoesNotContain("Campaign 1", html);
        Assert.Equal(["report_date,streams"], csv.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Invalid_dates_in_a_share_address_fall_back_to_the_links_dates_and_say_so()
    {
        var movable = await app.CreateLinkAsync(new ShareLinkInput
        {
            Name = "Movable dates", CampaignIds = [app.CampaignIds[0]], From = App.From, To = App.To, ViewerMayChangeDates = true,
        });
        using var browser = app.NewBrowser();

        var reversed = WebUtility.HtmlDecode((await browser.GetAsync($"/s/{movable.Token}?range=custom&from=2026-03-05&to=2026-03-01")).Html);
        var impossible = WebUtility.HtmlDecode((await browser.GetAsync($"/s/{movable.Token}?range=custom&from=2026-02-30&to=2026-03-01")).Html);
        var pinned = WebUtility.HtmlDecode((await browser.GetAsync($"/s/{app.Pinned.Token}?range=custom&from=2026-02-30&to=2026-03-01")).Html);

        Assert.Contains("The dates in the address were not valid (the start 2026-03-05 is after the end 2026-03-01); showing the link's own dates.", reversed);
        // The link's own window, in the date fields.
        Assert.Contains("value=\"2026-03-01\"", reversed);
        Assert.Contains("value=\"2026-03-05\"", reversed);
        Assert.Contains("The dates in the address were not valid (the start \"2026-02-30\" is not a date (yyyy-mm-dd)); showing the link's own dates.", impossible);
        // A link with fixed dates ignores the address's dates anyway: nothing to say.
        Assert.DoesNotContain("were not valid", pinned);
    }
}

/// <summary>Requests under /s/ are limited per client address.</summary>
public sealed class ShareRateLimitTests(ShareRateLimitTests.App app) : IClassFixture<ShareRateLimitTests.App>
{
    public sealed class App : AppFactory
    {
        protected override int SharePerMinute => 3;

        protected override async Task SeedAsync() => await CreateUserAsync("share-burst@example.com");
    }

    [Fact]
    public async Task A_burst_of_share_requests_gets_429_with_retry_after()
    {
        using var browser = app.NewBrowser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"s/{ShareTokens.NewToken()}")).StatusCode);
        }

        var refused = await browser.Http.GetAsync($"s/{ShareTokens.NewToken()}");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture), 1, 60);
        // Other pages are not limited by it.
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("Account/Login")).StatusCode);
    }
}
