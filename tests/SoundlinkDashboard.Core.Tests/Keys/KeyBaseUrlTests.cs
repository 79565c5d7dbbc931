using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Core.Tests.Sync;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Keys;

/// <summary>Where a stored key may be sent: the allow-list, the secret needed for a new base URL, short failure reasons.</summary>
public sealed class KeyBaseUrlTests
{
    private const string Secret = "sk_live_0123456789abcdef";

    [Theory]
    [InlineData("https://attacker.example")]
    [InlineData("http://169.254.169.254")]
    [InlineData("https://api.getsoundlink.com.attacker.example")]
    [InlineData("https://user@api.getsoundlink.com")]
    public async Task A_key_with_a_base_url_off_the_allow_list_is_refused_on_the_server(string baseUrl)
    {
        await using var teams = await TwoTeams.CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            teams.Keys.AddAsync(teams.A.Owner.Principal, teams.A.Slug, new KeyInput("elsewhere", Secret, BaseUrl: baseUrl)));

        Assert.True(error.Errors.ContainsKey("BaseUrl"));
        Assert.DoesNotContain(await teams.Keys.ListAsync(teams.A.Owner.Principal, teams.A.Slug), k => k.Name == "elsewhere");
    }

    [Fact]
    public async Task Changing_a_keys_base_url_needs_its_secret_again()
    {
        await using var teams = await TwoTeams.CreateAsync();
        var key = teams.A.Keys[0];

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => teams.Keys.UpdateAsync(teams.A.Owner.Principal, teams.A.Slug, key.Id,
            new KeySettings(key.Name, KeyHeaderStyle.XApiKey, "https://api.getsoundlink.com")));
        Assert.Equal(KeyRules.SecretNeededForNewBaseUrl, refused.Errors["Secret"]);
        Assert.Null(Assert.Single(await teams.Keys.ListAsync(teams.A.Owner.Principal, teams.A.Slug), k => k.Id == key.Id).BaseUrl);

        var moved = await teams.Keys.UpdateAsync(teams.A.Owner.Principal, teams.A.Slug, key.Id,
            new KeySettings(key.Name, KeyHeaderStyle.XApiKey, "https://api.getsoundlink.com", "sk_new_00000000000wxyz"));
        Assert.Equal("https://api.getsoundlink.com", moved.BaseUrl);
        Assert.Equal("sk_…wxyz", moved.Masked);

        // Renaming without touching the URL still needs no secret.
        var renamed = await teams.Keys.UpdateAsync(teams.A.Owner.Principal, teams.A.Slug, key.Id,
            new KeySettings("renamed", KeyHeaderStyle.XApiKey, "https://api.getsoundlink.com/"));
        Assert.Equal("renamed", renamed.Name);
    }

    [Fact]
    public async Task A_stored_key_whose_base_url_is_not_allowed_is_not_sent_by_check_nor_by_sync()
    {
        await using var fixture = await SyncFixture.StartAsync(campaigns: 1);
        await using var elsewhere = new RawHttpServer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var keyId = await fixture.AddKeyAsync();
        var campaigns = await fixture.RegisterAsync(keyId);
        // As if saved under an older, wider allow-list (or written into the database directly).
        await using (var db = await fixture.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var key = await db.ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Id == keyId);
            key.BaseUrl = elsewhere.BaseUrl.ToString().TrimEnd('/');
            await db.SaveChangesAsync();
        }
        var simulatorRequests = fixture.Simulator.State.Requests.Count;

        var check = await fixture.Services.GetRequiredService<KeyVault>().CheckAsync(fixture.Team, keyId);
        var run = await fixture.Runner.RunAsync(campaigns.Values.Single(), SyncTrigger.Manual);

        Assert.False(check.Works);
        Assert.Contains("not allowed", check.Problem);
        Assert.Equal(KeyVault.BaseUrlRefused, run.ErrorCode);
        Assert.Equal(0, elsewhere.Connections);
        Assert.Equal(simulatorRequests, fixture.Simulator.State.Requests.Count);
        var listed = Assert.Single(await fixture.Campaigns.ListAsync(fixture.Team));
        Assert.Equal(SyncState.Stopped, listed.State);
        Assert.Contains("not allowed", listed.Problem);
    }

    [Fact]
    public async Task A_failed_check_shows_could_not_connect_not_the_network_error()
    {
        // Nothing listens on the test store's default base URL (127.0.0.1:9).
        await using var teams = await TwoTeams.CreateAsync();

        var check = await teams.Keys.CheckAsync(teams.A.Owner.Principal, teams.A.Slug, teams.A.Keys[0].Id);

        Assert.False(check.Works);
        Assert.Equal("could not connect", check.Problem);
    }

    [Fact]
    public async Task A_failed_check_against_something_else_shows_the_status_not_its_reason_phrase_or_body()
    {
        const string body = "<html>db-7.corp.internal refused</html>";
        await using var upstream = new RawHttpServer(
            $"HTTP/1.1 502 Bad Gateway from db-7.corp.internal\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        await using var store = await TestStore.CreateWithAccountsAsync(settings: new Dictionary<string, string?>
        {
            ["Sync:DefaultBaseUrl"] = upstream.BaseUrl.ToString(),
            ["Soundlink:Client:MaxRetries"] = "1",
            ["Soundlink:Client:RetryBaseDelay"] = "00:00:00.010",
        });
        await store.CreateTeamAsync("label");
        var team = await store.Services.GetRequiredService<TeamAccess>().OperatorContextAsync("label");
        var vault = store.Services.GetRequiredService<KeyVault>();
        var key = await vault.AddAsync(team, new KeyInput("main", Secret), null);

        var check = await vault.CheckAsync(team, key.Id);

        Assert.Equal("HTTP 502", check.Problem);
        Assert.True(upstream.Connections > 0);
    }

    [Fact]
    public void Soundlinks_error_envelope_is_shown_with_code_message_and_request_id()
    {
        var described = KeyVault.Describe(new Soundlink.Client.Api.SoundlinkApiException(401, "api_key_revoked", "The key was\nrevoked.", "req-1"));

        Assert.Equal("api_key_revoked: The key was revoked. (requestId req-1)", described);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true, null)]
    [InlineData("http://localhost:5000", true, null)]
    [InlineData("http://127.0.0.1:5000", false, "plain http")]
    [InlineData("http://10.0.0.5", true, "plain http")]
    [InlineData("https://api.getsoundlink.com", false, null)]
    [InlineData("ftp://api.getsoundlink.com", false, "absolute")]
    public void Configured_entries_allow_plain_http_only_for_loopback_in_development(string entry, bool development, string? problem)
    {
        var found = BaseUrlAllowList.EntryProblem(entry, development);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found);
        }
    }
}
