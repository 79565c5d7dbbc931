using System.Reflection;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Accounts;

/// <summary>
/// Team B's data is out of reach of team A's members through every method that takes the signed-in user,
/// found by reflection so that a new one cannot be forgotten.
/// </summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    /// <summary>Methods that answer anyone about themselves instead of refusing; their answers are still checked for leaks.</summary>
    private static readonly HashSet<string> AnswersAboutTheCaller =
    [
        "TeamAccess.IsSiteAdminAsync(cancellationToken)",
        "TeamAccess.TeamsOfAsync(cancellationToken)",
    ];

    /// <summary>Methods allowed to refuse with InvalidInputException, because input is checked before B's data could be reached. None today.</summary>
    private static readonly HashSet<string> MayRejectInputFirst = [];

    private TwoTeams _teams = null!;

    public async Task InitializeAsync() => _teams = await TwoTeams.CreateAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private static Assembly Core => typeof(KeyVault).Assembly;

    [Fact]
    public void The_sweep_finds_the_known_methods_that_take_the_signed_in_user()
    {
        var found = ServiceSweep.PrincipalMethods(Core).Select(ServiceSweep.Name).ToList();

        Assert.Contains("KeyVault.AddAsync(teamSlug, input, cancellationToken)", found);
        Assert.Contains("KeyVault.DeleteAsync(teamSlug, keyId, cancellationToken)", found);
        Assert.Contains("MembershipService.RemoveAsync(teamSlug, membershipId, cancellationToken)", found);
        Assert.Contains("MembershipService.ChangeRoleAsync(teamSlug, membershipId, role, cancellationToken)", found);
        Assert.Contains("AuditLog.ListForTeamAsync(teamSlug, take, cancellationToken)", found);
        Assert.Contains("SiteAdminService.IssueResetLinkAsync(userId, cancellationToken)", found);
        Assert.Contains("TeamAccess.RequireAsync(teamSlug, minimum, cancellationToken)", found);
        Assert.Contains("KeyVault.CheckAsync(teamSlug, keyId, cancellationToken)", found);
        Assert.Contains("CampaignService.SyncNowAsync(teamSlug, campaignKey, cancellationToken)", found);
        Assert.Contains("CampaignService.RegisterAsync(teamSlug, keyId, campaignIds, cancellationToken)", found);
        Assert.Contains("ShareService.RevokeAsync(teamSlug, linkId, cancellationToken)", found);
        Assert.Contains("ShareService.CreateAsync(teamSlug, input, cancellationToken)", found);
        Assert.DoesNotContain(found, m => m.StartsWith("AuditLog.WriteAsync", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TeamRole.Owner)]
    [InlineData(TeamRole.Editor)]
    [InlineData(TeamRole.Viewer)]
    public async Task A_member_of_team_A_reaches_nothing_of_team_B_through_any_method_given_Bs_slug_and_ids(TeamRole role)
    {
        var a = _teams.A;
        var b = _teams.B;
        var caller = a.Member(role).Principal;
        var before = await _teams.SnapshotAsync(b);
        var problems = new List<string>();
        var swept = 0;

        foreach (var method in ServiceSweep.PrincipalMethods(Core))
        {
            var service = _teams.Services.GetService(method.ReflectedType!);
            if (service is null)
            {
                problems.Add($"{ServiceSweep.Name(method)}: {method.ReflectedType!.Name} is not registered, so the sweep cannot call it");
                continue;
            }
            foreach (var target in TargetsIn(b, b.Slug))
            {
                var (arguments, problem) = ServiceSweep.Arguments(method, caller, target);
                if (arguments is null)
                {
                    problems.Add(problem!);
                    break;
                }
                var outcome = await ServiceSweep.InvokeAsync(service, method, arguments);
                swept++;
                problems.AddRange(Judge(outcome, b, expectNotFoundOnly: false));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(swept >= 20, $"the sweep made only {swept} calls");
        Assert.Equal(before, await _teams.SnapshotAsync(b));
    }

    [Fact]
    public async Task The_owner_of_team_A_reaches_none_of_Bs_keys_or_members_through_As_own_slug()
    {
        var a = _teams.A;
        var b = _teams.B;
        var beforeA = await _teams.SnapshotAsync(a);
        var beforeB = await _teams.SnapshotAsync(b);
        var problems = new List<string>();
        var methods = ServiceSweep.PrincipalMethods(Core).Where(m => ServiceSweep.TakesSlug(m) && ServiceSweep.TakesId(m)).ToList();

        foreach (var method in methods)
        {
            var service = _teams.Services.GetService(method.ReflectedType!);
            if (service is null)
            {
                problems.Add($"{ServiceSweep.Name(method)}: {method.ReflectedType!.Name} is not registered, so the sweep cannot call it");
                continue;
            }
            foreach (var target in TargetsIn(b, a.Slug))
            {
                var (arguments, problem) = ServiceSweep.Arguments(method, a.Owner.Principal, target);
                if (arguments is null)
                {
                    problems.Add(problem!);
                    break;
                }
                problems.AddRange(Judge(await ServiceSweep.InvokeAsync(service, method, arguments), b, expectNotFoundOnly: true));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var names = methods.Select(ServiceSweep.Name).ToList();
        Assert.Contains(names, n => n.StartsWith("KeyVault.DeleteAsync", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("KeyVault.UpdateAsync", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("KeyVault.ReplaceSecretAsync", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("MembershipService.ChangeRoleAsync", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("MembershipService.RemoveAsync", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("CampaignService.RunsAsync", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("CampaignService.SyncNowAsync", StringComparison.Ordinal));
        Assert.Equal(beforeB, await _teams.SnapshotAsync(b));
        Assert.Equal(beforeA, await _teams.SnapshotAsync(a));
    }

    [Fact]
    public async Task Deleting_a_key_of_team_B_through_team_As_slug_is_not_found()
    {
        var before = await _teams.StoredKeysAsync(_teams.B);

        await Assert.ThrowsAsync<NotFoundException>(() => _teams.Keys.DeleteAsync(_teams.A.Owner.Principal, _teams.A.Slug, _teams.B.Keys[0].Id));

        Assert.Equal(before.Select(k => (k.Id, k.Name, k.Ciphertext)), (await _teams.StoredKeysAsync(_teams.B)).Select(k => (k.Id, k.Name, k.Ciphertext)));
    }

    [Fact]
    public async Task Listing_shows_a_member_only_their_own_teams_keys_and_members()
    {
        var keys = await _teams.Keys.ListAsync(_teams.A.Viewer.Principal, _teams.A.Slug);
        var members = await _teams.Members.ListAsync(_teams.A.Owner.Principal, _teams.A.Slug);
        var audit = await _teams.Audit.ListForTeamAsync(_teams.A.Owner.Principal, _teams.A.Slug);

        Assert.Equal(_teams.A.Keys.Select(k => k.Id).Order(), keys.Select(k => k.Id).Order());
        Assert.Equal(_teams.A.Members.Select(m => m.MembershipId).Order(), members.Select(m => m.MembershipId).Order());
        Assert.NotEmpty(audit);
        Assert.All(audit, e => Assert.Equal(_teams.A.Id, e.TeamId));
        Assert.Empty(ServiceSweep.Leaks(new object[] { keys, members, audit }, Markers(_teams.B, includeSlug: true)));
    }

    [Fact]
    public async Task Metrics_for_team_A_with_team_Bs_campaign_ids_are_empty()
    {
        foreach (var grouping in Enum.GetValues<MetricsGrouping>())
        {
            var crossed = await _teams.Store.Metrics.QueryAsync(
                new MetricsFilter { TeamId = _teams.A.Id, CampaignIds = _teams.B.CampaignIds.ToList() }, grouping);
            var own = await _teams.Store.Metrics.QueryAsync(
                new MetricsFilter { TeamId = _teams.B.Id, CampaignIds = _teams.B.CampaignIds.ToList() }, grouping);

            Assert.Empty(crossed);
            Assert.NotEmpty(own);
        }
    }

    /// <summary>One call per member of the target team, so owner, editor and viewer ids are all tried; keys cycle.</summary>
    private static IEnumerable<SweepTarget> TargetsIn(SeedTeam team, string slug) =>
        team.Members.Select((m, i) => new SweepTarget(slug, team.Id, team.Keys[i % team.Keys.Count].Id, m.MembershipId, m.Id,
            "outsider@example.test", team.CampaignKeys[i % team.CampaignKeys.Count], team.CampaignIds, team.ShareLinkId));

    private static IEnumerable<string> Judge(SweepOutcome outcome, SeedTeam other, bool expectNotFoundOnly)
    {
        if (outcome.Thrown is { } thrown)
        {
            var accepted = thrown is NotFoundException ||
                           (!expectNotFoundOnly && (thrown is ForbiddenException ||
                                                    (thrown is InvalidInputException && MayRejectInputFirst.Contains(outcome.Method))));
            if (!accepted)
            {
                yield return $"{outcome.Method}: threw {thrown.GetType().Name} ({thrown.Message}); expected " +
                             (expectNotFoundOnly ? "NotFoundException" : "NotFoundException or ForbiddenException");
            }
            // The caller supplied the slug and the ids; anything else of B in a message is a leak.
            foreach (var leak in ServiceSweep.Leaks(thrown.Message, Markers(other, includeSlug: false)))
            {
                yield return $"{outcome.Method}: the error message names {leak}";
            }
            yield break;
        }
        if (!AnswersAboutTheCaller.Contains(outcome.Method))
        {
            yield return $"{outcome.Method}: returned normally ({Describe(outcome.Returned)}) instead of refusing";
        }
        if (outcome.Returned is true)
        {
            yield return $"{outcome.Method}: answered true for a caller who is not a site admin";
        }
        foreach (var leak in ServiceSweep.Leaks(outcome.Returned, Markers(other, includeSlug: true)))
        {
            yield return $"{outcome.Method}: the returned value contains {leak}";
        }
    }

    private static string Describe(object? value) => value is null ? "null" : System.Text.Json.JsonSerializer.Serialize(value);

    private static IEnumerable<string> Markers(SeedTeam team, bool includeSlug)
    {
        yield return team.Team.Name;
        if (includeSlug)
        {
            yield return team.Slug;
        }
        foreach (var member in team.Members)
        {
            yield return member.Email;
            if (includeSlug)
            {
                yield return member.Id;
            }
        }
        foreach (var key in team.Keys)
        {
            yield return key.Name;
            yield return key.Secret;
            yield return key.Masked;
        }
        foreach (var campaign in team.CampaignIds)
        {
            yield return campaign;
        }
    }
}
