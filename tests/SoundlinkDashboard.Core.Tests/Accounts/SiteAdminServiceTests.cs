using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Accounts;

public sealed class SiteAdminServiceTests : IAsyncLifetime
{
    private TwoTeams _teams = null!;

    public async Task InitializeAsync() => _teams = await TwoTeams.CreateAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    public static TheoryData<string> NonAdmins => new() { "team owner", "user in no team", "nobody signed in" };

    [Theory]
    [MemberData(nameof(NonAdmins))]
    public async Task Every_method_refuses_a_non_admin_and_writes_nothing(string who)
    {
        var caller = who switch
        {
            "team owner" => _teams.A.Owner.Principal,
            "user in no team" => Principals.For(_teams.Outsider),
            _ => Principals.Anonymous,
        };
        var target = new SweepTarget("team-new", _teams.A.Id, _teams.A.Keys[0].Id, _teams.A.Owner.MembershipId, _teams.Outsider.Id,
            "new-user@example.test", _teams.A.CampaignKeys[0], _teams.A.CampaignIds);
        var before = await _teams.SnapshotAsync(_teams.A);
        var methods = ServiceSweep.PrincipalMethods(typeof(SiteAdminService).Assembly)
            .Where(m => m.ReflectedType == typeof(SiteAdminService)).ToList();
        var problems = new List<string>();

        foreach (var method in methods)
        {
            var (arguments, problem) = ServiceSweep.Arguments(method, caller, target);
            if (arguments is null)
            {
                problems.Add(problem!);
                continue;
            }
            var outcome = await ServiceSweep.InvokeAsync(_teams.SiteAdmin, method, arguments);
            if (outcome.Thrown is not ForbiddenException)
            {
                problems.Add($"{outcome.Method}: {(outcome.Thrown is null ? "returned normally" : $"threw {outcome.Thrown.GetType().Name}")}, not ForbiddenException");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(methods.Count >= 7, $"only {methods.Count} SiteAdminService methods found");
        Assert.Equal(before, await _teams.SnapshotAsync(_teams.A));
        Assert.Null(await _teams.Accounts.FindByEmailAsync("new-user@example.test"));
        Assert.Null(await _teams.Store.Teams.FindAsync("team-new"));
    }

    [Fact]
    public async Task An_admin_who_lost_the_flag_is_refused_at_the_next_call()
    {
        var second = await _teams.SiteAdmin.CreateUserAsync(_teams.AdminPrincipal, "second-admin@example.test", TwoTeams.Password, isSiteAdmin: true);
        var secondUser = (await _teams.Accounts.FindByEmailAsync(second.Email))!;
        Assert.NotEmpty(await _teams.SiteAdmin.ListUsersAsync(Principals.For(secondUser)));

        await _teams.SiteAdmin.SetSiteAdminAsync(_teams.AdminPrincipal, second.UserId, isSiteAdmin: false);

        await Assert.ThrowsAsync<ForbiddenException>(() => _teams.SiteAdmin.ListUsersAsync(Principals.For(secondUser)));
        await Assert.ThrowsAsync<ForbiddenException>(() => _teams.SiteAdmin.CreateTeamAsync(Principals.For(secondUser), "team-late", null));
    }

    [Fact]
    public async Task An_admin_creates_a_user_who_can_sign_in_with_the_given_password()
    {
        var created = await _teams.SiteAdmin.CreateUserAsync(_teams.AdminPrincipal, " new.person@example.test ", "a-good-password", isSiteAdmin: false);

        var user = await _teams.Accounts.FindByEmailAsync("new.person@example.test");
        Assert.NotNull(user);
        Assert.Equal(user.Id, created.UserId);
        Assert.False(user.IsSiteAdmin);
        using var scope = _teams.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CheckPasswordAsync(user, "a-good-password"));
        Assert.Contains(await _teams.SiteAdmin.ListUsersAsync(_teams.AdminPrincipal), u => u.UserId == user.Id);
    }

    [Fact]
    public async Task An_admin_creates_a_team_that_is_listed_and_audited()
    {
        var team = await _teams.SiteAdmin.CreateTeamAsync(_teams.AdminPrincipal, "Team-Charlie", "Charlie Sounds");

        Assert.Equal("team-charlie", team.Slug);
        Assert.Equal(team.Id, (await _teams.Store.Teams.FindAsync("team-charlie"))?.Id);
        Assert.Contains(await _teams.SiteAdmin.ListTeamsAsync(_teams.AdminPrincipal), t => t.Team.Id == team.Id && t.Team.Name == "Charlie Sounds");
        Assert.Contains(await _teams.Audit.ListForTeamAsync(_teams.AdminPrincipal, "team-charlie"), e => e.Kind == AuditKinds.TeamCreated);
        var duplicate = await Assert.ThrowsAsync<InvalidInputException>(() => _teams.SiteAdmin.CreateTeamAsync(_teams.AdminPrincipal, "team-charlie", null));
        Assert.True(duplicate.Errors.ContainsKey("Slug"));
    }

    [Fact]
    public async Task A_reset_link_is_relative_and_its_code_resets_the_password_once()
    {
        var user = _teams.A.Viewer.User;

        var link = await _teams.SiteAdmin.IssueResetLinkAsync(_teams.AdminPrincipal, user.Id);

        Assert.Matches(@"^Account/ResetPassword\?email=[^&]+&code=[A-Za-z0-9_-]+$", link);
        var query = QueryHelpers.ParseQuery(link[link.IndexOf('?')..]);
        Assert.Equal(user.Email, query["email"].ToString());
        var token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(query["code"].ToString()));
        using var scope = _teams.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var stored = (await users.FindByIdAsync(user.Id))!;
        Assert.True((await users.ResetPasswordAsync(stored, token, "a-brand-new-password")).Succeeded);
        Assert.True(await users.CheckPasswordAsync(stored, "a-brand-new-password"));
        Assert.False(await users.CheckPasswordAsync(stored, TwoTeams.Password));
        Assert.False((await users.ResetPasswordAsync(stored, token, "yet-another-password")).Succeeded);
    }

    [Fact]
    public async Task A_reset_link_for_an_unknown_user_is_not_found() =>
        await Assert.ThrowsAsync<NotFoundException>(() => _teams.SiteAdmin.IssueResetLinkAsync(_teams.AdminPrincipal, Guid.NewGuid().ToString()));
}
