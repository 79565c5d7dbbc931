using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Accounts;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private TwoTeams _teams = null!;

    public async Task InitializeAsync() => _teams = await TwoTeams.CreateAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    [Fact]
    public async Task Key_and_member_changes_are_audited_for_the_teams_owners()
    {
        var a = _teams.A;
        var owner = a.Owner;
        var since = await _teams.LastAuditIdAsync();

        var key = await _teams.Keys.AddAsync(owner.Principal, a.Slug, new KeyInput("audited key", $"sk_live_audit_{Guid.NewGuid():N}"));
        await _teams.Keys.DeleteAsync(owner.Principal, a.Slug, key.Id);
        var member = await _teams.Members.AddAsync(owner.Principal, a.Slug, _teams.Outsider.Email!, TeamRole.Viewer);
        await _teams.Members.ChangeRoleAsync(owner.Principal, a.Slug, member.MembershipId, TeamRole.Editor);
        await _teams.Members.RemoveAsync(owner.Principal, a.Slug, member.MembershipId);

        var events = (await _teams.Audit.ListForTeamAsync(owner.Principal, a.Slug)).Where(e => e.Id > since).Reverse().ToList();

        Assert.Equal(
            [AuditKinds.KeyAdded, AuditKinds.KeyRemoved, AuditKinds.MemberAdded, AuditKinds.MemberRoleChanged, AuditKinds.MemberRemoved],
            events.Select(e => e.Kind));
        Assert.All(events, e =>
        {
            Assert.Equal(a.Id, e.TeamId);
            Assert.Equal(owner.Id, e.ActorUserId);
            Assert.Equal(owner.Email, e.ActorEmail);
        });
        Assert.Contains("audited key", events[0].Detail);
        Assert.Contains(key.Masked, events[0].Detail);
        Assert.All(events.Skip(2), e => Assert.Contains(_teams.Outsider.Email!, e.Detail));
    }

    [Fact]
    public async Task A_teams_audit_log_holds_only_that_teams_events()
    {
        await _teams.Keys.AddAsync(_teams.B.Owner.Principal, _teams.B.Slug, new KeyInput("bravo extra", $"sk_live_b_{Guid.NewGuid():N}"));

        var events = await _teams.Audit.ListForTeamAsync(_teams.A.Owner.Principal, _teams.A.Slug);

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(_teams.A.Id, e.TeamId));
        Assert.DoesNotContain(events, e => e.Detail.Contains("bravo", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(TeamRole.Viewer)]
    [InlineData(TeamRole.Editor)]
    public async Task A_viewer_or_editor_cannot_read_the_audit_log(TeamRole role) =>
        await Assert.ThrowsAsync<ForbiddenException>(() => _teams.Audit.ListForTeamAsync(_teams.A.Member(role).Principal, _teams.A.Slug));

    [Fact]
    public async Task Another_teams_owner_cannot_read_the_audit_log() =>
        await Assert.ThrowsAsync<NotFoundException>(() => _teams.Audit.ListForTeamAsync(_teams.B.Owner.Principal, _teams.A.Slug));

    [Fact]
    public async Task Only_a_site_admin_reads_every_event()
    {
        var all = await _teams.Audit.ListAllAsync(_teams.AdminPrincipal);

        Assert.Contains(all, e => e.TeamId == _teams.A.Id);
        Assert.Contains(all, e => e.TeamId == _teams.B.Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => _teams.Audit.ListAllAsync(_teams.A.Owner.Principal));
    }
}
