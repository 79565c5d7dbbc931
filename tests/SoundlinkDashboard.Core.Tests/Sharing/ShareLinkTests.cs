using System.Buffers.Text;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Sharing;

public sealed class ShareLinkTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private TwoTeams _teams = null!;

    public async Task InitializeAsync() => _teams = await TwoTeams.CreateAsync(_time);

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private ShareService Shares => _teams.Services.GetRequiredService<ShareService>();
    private SharedDashboards Viewer => _teams.Services.GetRequiredService<SharedDashboards>();

    private Task<IssuedShareLink> CreateAsync(ShareLinkInput? input = null) =>
        Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, input ?? new ShareLinkInput
        {
            Name = "For the manager",
            CampaignIds = [_teams.A.CampaignIds[0]],
            Metrics = ["streams", "followers"],
            From = new DateOnly(2026, 3, 1),
            To = new DateOnly(2026, 3, 2),
        });

    [Fact]
    public async Task A_token_has_at_least_128_random_bits_is_url_safe_and_only_its_hash_is_stored()
    {
        var issued = await CreateAsync();
        var again = await CreateAsync();

        Assert.True(ShareTokens.LooksValid(issued.Token));
        Assert.True(Base64Url.DecodeFromChars(issued.Token).Length * 8 >= 128);
        Assert.NotEqual(issued.Token, again.Token);
        var bytes = StoreFiles.ReadDatabaseAndWal(_teams.Store.Path);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(issued.Token)));
        Assert.NotEqual(-1, bytes.AsSpan().IndexOf(ShareTokens.Hash(issued.Token)));
        await using var db = await _teams.Contexts.CreateDbContextAsync();
        var stored = await db.ShareLinks.IgnoreQueryFilters().SingleAsync(l => l.Id == issued.Link.Id);
        Assert.Equal(ShareTokens.Hash(issued.Token), stored.TokenHash);
    }

    [Fact]
    public async Task The_viewer_gets_the_pinned_campaigns_dates_and_countries_whatever_it_asks_for()
    {
        var issued = await CreateAsync(new ShareLinkInput
        {
            Name = "Pinned",
            CampaignIds = [_teams.A.CampaignIds[0]],
            Countries = ["US"],
            From = new DateOnly(2026, 3, 1),
            To = new DateOnly(2026, 3, 2),
        });

        var tampered = new SharedRequest(new DateOnly(2020, 1, 1), new DateOnly(2030, 1, 1), ["DE", "FR", "US"], MetricsGrouping.Day);
        var (view, snapshot) = (await Viewer.LoadAsync(issued.Token, tampered))!.Value;

        var expected = await _teams.Store.Metrics.QueryAsync(new MetricsFilter
        {
            TeamId = _teams.A.Id, CampaignIds = [_teams.A.CampaignIds[0]], Countries = ["US"],
            From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 2),
        }, MetricsGrouping.Total);
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2)), (view.From, view.To));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(g => (g.Currency, g.Totals.Rows, g.Totals.Streams, g.Totals.SpendMedia)),
            snapshot.Comparison.Current.Select(g => (g.Currency, g.Totals.Rows, g.Totals.Streams, g.Totals.SpendMedia)));
        Assert.All(snapshot.EveryCountry, g => Assert.Equal("US", g.CountryCode));
        Assert.All(snapshot.ByCountry, g => Assert.Equal("US", g.CountryCode));
        Assert.Equal([_teams.A.CampaignIds[0]], snapshot.Campaigns.Select(c => c.CampaignId));
        Assert.All(snapshot.Daily, g => Assert.InRange(g.ReportDate!.Value, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2)));
    }

    [Fact]
    public async Task A_link_that_lets_the_viewer_move_dates_keeps_its_campaigns_and_countries()
    {
        var issued = await CreateAsync(new ShareLinkInput
        {
            Name = "Movable", CampaignIds = [_teams.A.CampaignIds[1]], RollingDays = 7, ViewerMayChangeDates = true, AllowCsv = true,
        });

        var moved = await Viewer.LoadAsync(issued.Token, new SharedRequest(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 3)));
        var daily = await Viewer.ExportAsync(issued.Token, new SharedRequest(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 3)), daily: true);

        var expected = await _teams.Store.Metrics.QueryAsync(new MetricsFilter
        {
            TeamId = _teams.A.Id, CampaignIds = [_teams.A.CampaignIds[1]], From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 3),
        }, MetricsGrouping.Day);
        Assert.Equal(new DateOnly(2026, 3, 1), moved!.Value.Snapshot.Comparison.From);
        Assert.Equal(expected.Select(g => (g.ReportDate, g.Totals.Streams)), daily!.Value.Groups.Select(g => (g.ReportDate, g.Totals.Streams)));
        // Without a date in the request, a rolling link shows the last 7 days up to today (UTC).
        var rolling = await Viewer.OpenAsync(issued.Token);
        Assert.Equal((new DateOnly(2026, 3, 26), new DateOnly(2026, 4, 1)), (rolling!.From, rolling.To));
    }

    [Fact]
    public async Task Downloads_need_a_link_that_allows_them()
    {
        var issued = await CreateAsync();

        Assert.Null(await Viewer.ExportAsync(issued.Token, new SharedRequest(), daily: false));
    }

    [Fact]
    public async Task Revoked_expired_and_replaced_tokens_stop_working_and_look_alike()
    {
        var revoked = await CreateAsync();
        var expiring = await CreateAsync(new ShareLinkInput
        {
            Name = "Short", CampaignIds = [_teams.A.CampaignIds[0]], RollingDays = 28, ExpiresInDays = 1,
        });
        var renewed = await CreateAsync();

        await Shares.RevokeAsync(_teams.A.Owner.Principal, _teams.A.Slug, revoked.Link.Id);
        var replacement = await Shares.RegenerateAsync(_teams.A.Editor.Principal, _teams.A.Slug, renewed.Link.Id);
        Assert.NotNull(await Viewer.OpenAsync(expiring.Token));
        _time.Advance(TimeSpan.FromDays(1));

        Assert.Null(await Viewer.OpenAsync(revoked.Token));
        Assert.Null(await Viewer.LoadAsync(revoked.Token, new SharedRequest()));
        Assert.Null(await Viewer.OpenAsync(expiring.Token));
        Assert.Null(await Viewer.OpenAsync(renewed.Token));
        Assert.NotNull(await Viewer.OpenAsync(replacement.Token));
        Assert.Null(await Viewer.OpenAsync("not-a-token"));
        Assert.Null(await Viewer.OpenAsync(ShareTokens.NewToken()));
        var states = (await Shares.ListAsync(_teams.A.Owner.Principal, _teams.A.Slug)).ToDictionary(l => l.Id, l => l.State);
        Assert.Equal(ShareLinkState.Revoked, states[revoked.Link.Id]);
        Assert.Equal(ShareLinkState.Expired, states[expiring.Link.Id]);
        Assert.Equal(ShareLinkState.Active, states[renewed.Link.Id]);
    }

    [Fact]
    public async Task Opening_a_viewer_counts_a_view_and_every_use_updates_last_use()
    {
        var issued = await CreateAsync();

        await Viewer.OpenAsync(issued.Token, countView: true);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Viewer.LoadAsync(issued.Token, new SharedRequest());

        var listed = (await Shares.ListAsync(_teams.A.Owner.Principal, _teams.A.Slug)).Single(l => l.Id == issued.Link.Id);
        Assert.Equal(1, listed.ViewCount);
        Assert.Equal(Start.AddMinutes(5), listed.LastUsedAt);
        Assert.Equal("editor@alpha.test", listed.CreatedBy);
        Assert.Equal(Start.AddDays(ShareService.DefaultExpiryDays), listed.ExpiresAt);
    }

    [Fact]
    public async Task Bad_input_is_marked_per_field()
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => CreateAsync(new ShareLinkInput
        {
            Name = " ", CampaignIds = [_teams.B.CampaignIds[0]], Countries = ["USA"], Metrics = ["secret_sauce"],
            From = new DateOnly(2026, 3, 2), To = new DateOnly(2026, 3, 1), ExpiresInDays = 400,
        }));

        Assert.Equal(["campaigns", "countries", "dates", "expires", "metrics", "name"], refused.Errors.Keys.Order());
    }

    [Fact]
    public async Task Viewers_cannot_manage_links_and_expiry_is_capped_at_a_year()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => Shares.ListAsync(_teams.A.Viewer.Principal, _teams.A.Slug));
        await Assert.ThrowsAsync<ForbiddenException>(() => Shares.RevokeAsync(_teams.A.Viewer.Principal, _teams.A.Slug, _teams.A.ShareLinkId));
        var year = await CreateAsync(new ShareLinkInput { Name = "Year", CampaignIds = [_teams.A.CampaignIds[0]], RollingDays = 28, ExpiresInDays = 365 });

        Assert.Equal(Start.AddDays(365), year.Link.ExpiresAt);
    }
}
