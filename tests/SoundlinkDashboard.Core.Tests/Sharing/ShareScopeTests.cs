using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Sharing;

/// <summary>
/// A link's pinned campaigns and countries (security audit): stored as rows, "all" only when said so, and nothing
/// when nothing is left; never the whole team because an id read back as none or as several.
/// </summary>
public sealed class ShareScopeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private TwoTeams _teams = null!;

    public async Task InitializeAsync() => _teams = await TwoTeams.CreateAsync(_time);

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private ShareService Shares => _teams.Services.GetRequiredService<ShareService>();
    private SharedDashboards Viewer => _teams.Services.GetRequiredService<SharedDashboards>();

    private static ShareLinkInput Pinning(params string[] campaignIds) => new()
    {
        Name = "Audit", CampaignIds = campaignIds, From = new DateOnly(2026, 1, 1), To = new DateOnly(2026, 12, 31), AllowCsv = true,
    };

    /// <summary>Team A gets campaigns with the audit's ids (as a sync or an import could have stored them).</summary>
    private async Task AddCampaignsAsync(params string[] campaignIds)
    {
        await using var connection = await _teams.Store.Store.OpenAsync();
        foreach (var id in campaignIds)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO Campaigns (TeamId, Provider, AccountId, CampaignId, Name, SyncState)
                VALUES ($t, 'soundlink', 'a7ac3173-2f71-4e79-921f-d15d7112dd11', $c, 'Odd campaign', 0)
                """;
            insert.Parameters.AddWithValue("$t", _teams.A.Id);
            insert.Parameters.AddWithValue("$c", id);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private async Task<MetricsGroup> TeamTotalAsync() => (await _teams.Store.Metrics.QueryAsync(new MetricsFilter
    {
        TeamId = _teams.A.Id, From = new DateOnly(2026, 1, 1), To = new DateOnly(2026, 12, 31),
    }, MetricsGrouping.Total)).Single(g => g.Currency == "USD");

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("e-one\na-camp-2")]
    [InlineData("camp\u0007")]
    public async Task A_blank_or_control_character_campaign_id_cannot_be_pinned_even_when_the_team_has_that_campaign(string odd)
    {
        await AddCampaignsAsync(odd);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning(odd)));

        Assert.Equal(["campaigns"], refused.Errors.Keys);
        var listed = await Shares.ListAsync(_teams.A.Owner.Principal, _teams.A.Slug);
        Assert.DoesNotContain(listed, l => l.Name == "Audit");
    }

    [Fact]
    public async Task A_campaign_id_over_200_characters_cannot_be_pinned()
    {
        var longId = new string('x', ShareLink.MaxCampaignIdLength + 1);
        await AddCampaignsAsync(longId);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning(longId)));

        Assert.Contains("200", refused.Errors["campaigns"]);
    }

    [Fact]
    public async Task A_stored_id_with_a_line_break_reads_back_as_that_one_id_never_as_two()
    {
        // The audit's second case: "e-one\n<a real campaign>" once read back as two ids, the second showing its numbers.
        var other = _teams.A.CampaignIds[1];
        var token = ShareTokens.NewToken();
        await using (var db = await _teams.Contexts.CreateDbContextAsync())
        {
            db.ShareLinks.Add(new ShareLink
            {
                TeamId = _teams.A.Id, Name = "Stored", TokenHash = ShareTokens.Hash(token), Metrics = "streams",
                Campaigns = [new ShareLinkCampaign { CampaignId = "e-one\n" + other }], FixedFrom = new DateOnly(2026, 1, 1),
                FixedTo = new DateOnly(2026, 12, 31), AllowCsv = true, CreatedByUserId = _teams.A.Owner.Id, CreatedAt = Start,
                ExpiresAt = Start.AddDays(30),
            });
            await db.SaveChangesAsync();
        }

        var (view, snapshot) = (await Viewer.LoadAsync(token, new SharedRequest()))!.Value;

        Assert.Equal(["e-one\n" + other], view.CampaignIds);
        Assert.False(view.AllCampaigns);
        Assert.Empty(snapshot.Comparison.Current);
        Assert.Empty(snapshot.Campaigns);
        Assert.Empty((await Viewer.ExportAsync(token, new SharedRequest(), daily: true))!.Value.Groups);
    }

    [Fact]
    public async Task A_link_whose_pinned_campaigns_are_gone_shows_nothing_never_the_whole_team()
    {
        var issued = await Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning(_teams.A.CampaignIds[0]));
        Assert.NotEmpty((await Viewer.LoadAsync(issued.Token, new SharedRequest()))!.Value.Snapshot.Comparison.Current);
        Assert.True((await TeamTotalAsync()).Totals.Streams > 0);

        // Its scope rows are gone (as after the audit's " " id, which read back as no id at all).
        Assert.Equal(1, await _teams.Store.ScalarAsync($"SELECT COUNT(*) FROM ShareLinkCampaigns WHERE ShareLinkId = {issued.Link.Id}"));
        await _teams.Store.ScalarAsync($"DELETE FROM ShareLinkCampaigns WHERE ShareLinkId = {issued.Link.Id} RETURNING 0");

        var (view, snapshot) = (await Viewer.LoadAsync(issued.Token, new SharedRequest(Countries: ["US"])))!.Value;
        Assert.Empty(view.CampaignIds);
        Assert.False(view.AllCampaigns);
        Assert.Empty(snapshot.Comparison.Current);
        Assert.Empty(snapshot.Comparison.Previous);
        Assert.Empty(snapshot.ByCountry);
        Assert.Empty(snapshot.EveryCountry);
        Assert.Empty(snapshot.Daily);
        Assert.Empty(snapshot.Trend);
        Assert.Empty(snapshot.Campaigns);
        Assert.Empty((await Viewer.ExportAsync(issued.Token, new SharedRequest(), daily: true))!.Value.Groups);
        Assert.Empty((await Viewer.ExportAsync(issued.Token, new SharedRequest(), daily: false))!.Value.Groups);
    }

    [Fact]
    public async Task Pinned_countries_are_rows_too_and_an_emptied_country_scope_shows_nothing()
    {
        var issued = await Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning(_teams.A.CampaignIds[0]) with { Countries = ["us"] });
        Assert.Equal(["US"], issued.Link.Countries);
        Assert.False(issued.Link.AllCountries);

        await _teams.Store.ScalarAsync($"DELETE FROM ShareLinkCountries WHERE ShareLinkId = {issued.Link.Id} RETURNING 0");

        var (view, snapshot) = (await Viewer.LoadAsync(issued.Token, new SharedRequest(Countries: ["DE"])))!.Value;
        Assert.False(view.AllCountries);
        Assert.Empty(snapshot.Comparison.Current);
        Assert.Empty(snapshot.EveryCountry);
    }

    [Fact]
    public async Task Every_campaign_is_an_explicit_choice_and_cannot_be_mixed_with_a_list()
    {
        var all = await Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning() with { AllCampaigns = true });
        var mixed = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning(_teams.A.CampaignIds[0]) with { AllCampaigns = true }));
        var none = await Assert.ThrowsAsync<InvalidInputException>(() => Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning()));

        Assert.True(all.Link.AllCampaigns);
        var (_, snapshot) = (await Viewer.LoadAsync(all.Token, new SharedRequest()))!.Value;
        Assert.Equal((await TeamTotalAsync()).Totals.Streams, snapshot.Comparison.Current.Single(g => g.Currency == "USD").Totals.Streams);
        Assert.Contains("campaigns", mixed.Errors.Keys);
        Assert.Contains("campaigns", none.Errors.Keys);
    }

    [Fact]
    public async Task Removing_a_member_keeps_their_links_by_default_marks_them_and_says_so_in_the_audit_log()
    {
        var link = await Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning(_teams.A.CampaignIds[0]));
        var before = (await Shares.ListAsync(_teams.A.Owner.Principal, _teams.A.Slug)).Single(l => l.Id == link.Link.Id);
        Assert.True(before.CreatorIsMember);
        Assert.Equal(1, (await _teams.Members.ListAsync(_teams.A.Owner.Principal, _teams.A.Slug)).Single(m => m.UserId == _teams.A.Editor.Id).ActiveShareLinks);
        var lastAudit = await _teams.LastAuditIdAsync();

        await _teams.Members.RemoveAsync(_teams.A.Owner.Principal, _teams.A.Slug, _teams.A.Editor.MembershipId);

        var after = (await Shares.ListAsync(_teams.A.Owner.Principal, _teams.A.Slug)).Single(l => l.Id == link.Link.Id);
        Assert.False(after.CreatorIsMember);
        Assert.Equal(ShareLinkState.Active, after.State);
        Assert.NotNull(await Viewer.OpenAsync(link.Token));
        var events = await NewAuditEventsAsync(lastAudit);
        var kept = Assert.Single(events, e => e.Kind == AuditKinds.MemberShareLinksKept);
        Assert.Contains("\"Audit\"", kept.Detail);
        Assert.Contains(events, e => e.Kind == AuditKinds.MemberRemoved);
        Assert.DoesNotContain(events, e => e.Kind == AuditKinds.MemberShareLinksRevoked);
    }

    [Fact]
    public async Task Removing_a_member_can_revoke_their_links_with_them_and_leaves_other_links_alone()
    {
        var theirs = await Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning(_teams.A.CampaignIds[0]));
        var owners = await Shares.CreateAsync(_teams.A.Owner.Principal, _teams.A.Slug, Pinning(_teams.A.CampaignIds[0]));
        var lastAudit = await _teams.LastAuditIdAsync();

        await _teams.Members.RemoveAsync(_teams.A.Owner.Principal, _teams.A.Slug, _teams.A.Editor.MembershipId, revokeShareLinks: true);

        Assert.Null(await Viewer.OpenAsync(theirs.Token));
        Assert.NotNull(await Viewer.OpenAsync(owners.Token));
        var listed = (await Shares.ListAsync(_teams.A.Owner.Principal, _teams.A.Slug)).ToDictionary(l => l.Id);
        Assert.Equal(ShareLinkState.Revoked, listed[theirs.Link.Id].State);
        Assert.Equal(ShareLinkState.Active, listed[owners.Link.Id].State);
        var events = await NewAuditEventsAsync(lastAudit);
        Assert.Single(events, e => e.Kind == AuditKinds.MemberShareLinksRevoked);
        Assert.DoesNotContain(events, e => e.Kind == AuditKinds.MemberShareLinksKept);
    }

    [Fact]
    public async Task Revoking_with_a_member_is_for_owners_only()
    {
        await Shares.CreateAsync(_teams.A.Editor.Principal, _teams.A.Slug, Pinning(_teams.A.CampaignIds[0]));

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            _teams.Members.RemoveAsync(_teams.A.Editor.Principal, _teams.A.Slug, _teams.A.Viewer.MembershipId, revokeShareLinks: true));
    }

    private async Task<List<AuditEvent>> NewAuditEventsAsync(long after)
    {
        await using var db = await _teams.Contexts.CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).ToListAsync();
    }
}
