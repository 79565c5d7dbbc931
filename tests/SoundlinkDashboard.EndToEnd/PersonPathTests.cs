using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Soundlink.Simulator;
using SoundlinkDashboard.EndToEnd.Pages;
using SoundlinkDashboard.EndToEnd.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd;

/// <summary>
/// One person's path through a new instance, in a real browser, step by step: set up the instance, sign in, make a
/// team, add the Soundlink key, register and sync two campaigns, read the dashboard, filter by a country on the map,
/// share the view, open the link without an account, revoke it. Every number on screen is checked against a
/// computation over the simulator's own rows.
/// </summary>
public sealed class PersonPathTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Email = "ada@nightjar.example";
    private const string Password = "correct horse battery";
    private const string TeamName = "Nightjar Records";
    private const string Team = "nightjar-records";
    private const string KeyName = "Label main account";
    private const string LinkName = "For the artist's manager";

    /// <summary>Countries with compact shapes, so a click at the middle of the shape lands on the country itself.</summary>
    private static readonly string[] ClickableCountries = ["BR", "IN", "AU", "DE", "MX", "TR", "PL", "EG", "SA", "UA", "RO", "ZA", "AR", "KE"];

    private World _world = default!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(15_000);
        _world = await World.StartAsync();
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_new_admin_syncs_two_campaigns_reads_the_numbers_shares_a_view_and_revokes_it()
    {
        var total = Stopwatch.StartNew();
        var steps = new Steps(output);
        var campaigns = PickTwoCampaigns();
        await using var context = await _world.NewContextAsync();
        var page = await context.NewPageAsync();
        steps.Page = page;
        var shell = new AppShell(page);
        var dashboard = new DashboardPage(page);
        IReadOnlyDictionary<string, string> countryKpis = new Dictionary<string, string>();
        var address = "";
        IPage? viewerPage = null;

        await steps.RunAsync(1, "setup-and-sign-in", async () =>
        {
            var setup = new SetupPage(page);
            await setup.OpenAsync();
            await setup.CreateAdminAsync(Email, Password);
            // Setup signs the new admin in and shows the Teams page; sign out to sign in as on any later day.
            await new TeamsAdminPage(page).ExpectShownAsync();
            await shell.ExpectSignedInAsync(Email);
            await shell.SignOutAsync();
            var login = new LoginPage(page);
            await login.ExpectShownAsync();
            await login.SignInAsync(Email, Password);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your teams" })).ToBeVisibleAsync();
            await shell.ExpectSignedInAsync(Email);
            await Expect(page.GetByText("You are not in a team yet")).ToBeVisibleAsync();
        });

        await steps.RunAsync(2, "create-team", async () =>
        {
            await shell.NavigateAsync("Teams");
            var teams = new TeamsAdminPage(page);
            await teams.ExpectShownAsync();
            await teams.CreateTeamAsync(TeamName, Team);
            await teams.AddOwnerAsync(Email);
            await shell.NavigateAsync("Your teams");
            await Expect(page.Locator(".team-card")).ToContainTextAsync($"{Team} · you are owner");
        });

        await steps.RunAsync(3, "add-key", async () =>
        {
            var keys = new KeysPage(page);
            await keys.OpenAsync(Team);
            var baseUrl = _world.Simulator.BaseUrl.ToString().TrimEnd('/');
            await keys.AddKeyAsync(KeyName, World.KeySecret, baseUrl);
            await keys.ExpectWorksAsync(KeyName, World.KeySecret, baseUrl);
            // The check really asked Soundlink: one ping, with the x-api-key header the form's default picks.
            Assert.Contains(_world.Simulator.State.Requests, r => r.PathAndQuery == "/v1/ping" && r.Status == 200 && r.HasXApiKey && !r.HasAuthorization);
        });

        var campaignsPage = new CampaignsPage(page);
        await steps.RunAsync(4, "register-campaigns", async () =>
        {
            await campaignsPage.OpenAsync(Team);
            await campaignsPage.RegisterAsync(campaigns.Select(c => c.Id).ToList());
            foreach (var campaign in campaigns)
            {
                await Expect(campaignsPage.State(campaign.Id)).ToHaveTextAsync("waiting for the first sync");
            }
        });

        await steps.RunAsync(5, "sync", async () =>
        {
            var (backfill, other) = (campaigns[0], campaigns[1]);
            // On loopback a slice arrives in a blink; slow the first two export slices down so the progress shows.
            _world.Simulator.State.Inject(new Fault(FaultKind.SlowStream, Times: 2, PathContains: $"/v1/campaigns/{backfill.Id}/", Value: 80));
            await campaignsPage.SyncNowAsync(backfill.Id);
            var progress = campaignsPage.Progress(backfill.Id);
            await Expect(progress).ToBeVisibleAsync();
            await Expect(progress).ToContainTextAsync(new Regex(@"slice \d+ of \d+"));
            await Expect(progress.GetByRole(AriaRole.Progressbar)).ToBeVisibleAsync();
            await steps.ExtraShotAsync("progress");
            await campaignsPage.SyncNowAsync(other.Id);
            foreach (var campaign in campaigns)
            {
                await Expect(campaignsPage.State(campaign.Id)).ToHaveTextAsync("synced", new() { Timeout = 60_000 });
                await Expect(campaignsPage.Progress(campaign.Id)).ToHaveCountAsync(0);
                var dataThrough = campaign.LastDay < _world.SimulatorToday ? campaign.LastDay : _world.SimulatorToday;
                await Expect(campaignsPage.Row(campaign.Id)).ToContainTextAsync(dataThrough.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        });

        var country = "";
        await steps.RunAsync(6, "dashboard", async () =>
        {
            await dashboard.OpenAsync(Team);
            var (from, to) = await dashboard.WindowAsync();
            ExpectDefaultWindow(from, to);
            var rows = _world.Rows(campaigns, from, to);
            var teamKpis = ExpectedKpis.Of(rows);
            await dashboard.Kpis.ExpectAsync(teamKpis);

            country = ClickableCountries.First(code => rows.Any(r => r.Country == code && r.Listeners > 0));
            countryKpis = ExpectedKpis.Of(rows.Where(r => r.Country == country).ToList());
            Assert.NotEqual(teamKpis["Streams"], countryKpis["Streams"]);
        });

        await steps.RunAsync(7, "country-filter", async () =>
        {
            await dashboard.ClickCountryAsync(country);
            await dashboard.Kpis.ExpectAsync(countryKpis);
        });

        await steps.RunAsync(8, "share-link", async () =>
        {
            var dialog = await dashboard.OpenShareDialogAsync();
            address = await dialog.CreateLinkAsync(LinkName);
            Assert.StartsWith(new Uri(_world.App.ServerAddress, "s/").ToString(), address, StringComparison.Ordinal);
            await steps.ExtraShotAsync("address");
            await dialog.CloseAsync();
        });

        await using var stranger = await _world.NewContextAsync();
        var viewer = new SharedViewerPage(viewerPage = await stranger.NewPageAsync());
        await steps.RunAsync(9, "shared-viewer", async () =>
        {
            steps.Page = viewerPage;
            Assert.Empty(await stranger.CookiesAsync());
            var response = await viewer.OpenAsync(address);
            Assert.Equal(200, response?.Status);
            await viewer.ExpectDashboardAsync(LinkName, TeamName);
            await Expect(viewerPage).ToHaveURLAsync(address);
            await viewer.ExpectCountryFilterAsync($"All shared: {country}");
            await viewer.Kpis.ExpectAsync(countryKpis);

            // Asking for another country in the address does not widen the view: the link's pinned country stays.
            var other = _world.Rows(campaigns, _world.SimulatorToday.AddDays(-27), _world.SimulatorToday)
                .Select(r => r.Country).First(c => c != country);
            await viewer.OpenAsync($"{address}?country={other}");
            await Expect(viewerPage).ToHaveURLAsync($"{address}?country={other}");
            await viewer.ExpectDashboardAsync(LinkName, TeamName);
            await viewer.Kpis.ExpectAsync(countryKpis);
        });

        await steps.RunAsync(10, "revoked", async () =>
        {
            steps.Page = page;
            var shares = new ShareLinksPage(page);
            await shares.OpenAsync(Team);
            await shares.RevokeAsync(LinkName);
            await steps.ExtraShotAsync("share-links");
            steps.Page = viewerPage;
            var response = await viewer.ReloadAsync();
            Assert.Equal(404, response?.Status);
            await viewer.ExpectLinkDoesNotWorkAsync();
        });

        output.WriteLine($"scenario: {total.Elapsed.TotalSeconds:0.0} s; screenshots in {steps.Folder}");
    }

    /// <summary>A campaign with a long history (a backfill of several slices) and another, both with data in the last 28 days.</summary>
    private IReadOnlyList<SimulatedCampaign> PickTwoCampaigns()
    {
        var today = _world.SimulatorToday;
        var live = _world.Campaigns.Where(c => c.Start <= today && c.LastDay >= today.AddDays(-27)).ToList();
        var backfill = live.FirstOrDefault(c => c.Start < today.AddDays(-180));
        Assert.True(backfill is not null && live.Count >= 2, "The demo catalogue should hold a long campaign and another one with recent data.");
        return [backfill, live.First(c => c != backfill)];
    }

    /// <summary>The dashboard opens on the last 28 days up to today (UTC), as the app's clock sees it.</summary>
    private static void ExpectDefaultWindow(DateOnly from, DateOnly to)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.True(to == today || to == today.AddDays(-1), $"The window should end today (UTC), not {to:yyyy-MM-dd}.");
        Assert.Equal(to.AddDays(-27), from);
    }
}
