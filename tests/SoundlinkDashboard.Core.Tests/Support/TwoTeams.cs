using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Support;

public sealed record SeedMember(AppUser User, int MembershipId, TeamRole Role)
{
    public string Id => User.Id;
    public string Email => User.Email!;
    public ClaimsPrincipal Principal { get; } = Principals.For(User);
}

public sealed record SeedKey(int Id, string Name, string Secret, string Masked);

/// <param name="CampaignKeys">The store's ids of the team's campaigns; the first is registered for sync under the first key.</param>
public sealed record SeedTeam(Team Team, SeedMember Owner, SeedMember Editor, SeedMember Viewer, IReadOnlyList<SeedKey> Keys,
    IReadOnlyList<string> CampaignIds, IReadOnlyList<int> CampaignKeys)
{
    public int Id => Team.Id;
    public string Slug => Team.Slug;
    /// <summary>A share link of the team (made by its owner) pinning both campaigns, and its raw token.</summary>
    public int ShareLinkId { get; init; }
    public string ShareToken { get; init; } = "";
    public IReadOnlyList<SeedMember> Members => [Owner, Editor, Viewer];

    public SeedMember Member(TeamRole role) => role switch
    {
        TeamRole.Owner => Owner,
        TeamRole.Editor => Editor,
        _ => Viewer,
    };
}

/// <summary>
/// Teams A ("team-alpha") and B ("team-bravo") on one store, each with an owner, an editor and a viewer, two
/// keys and imported metric rows of two campaigns of their own (one registered for sync); plus a site admin and
/// a user in no team.
/// </summary>
public sealed class TwoTeams : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";

    private TwoTeams(TestStore store, SeedTeam a, SeedTeam b, AppUser admin, AppUser outsider)
    {
        Store = store;
        A = a;
        B = b;
        Admin = admin;
        Outsider = outsider;
    }

    public TestStore Store { get; }
    public SeedTeam A { get; }
    public SeedTeam B { get; }
    public AppUser Admin { get; }
    public ClaimsPrincipal AdminPrincipal => Principals.For(Admin);
    /// <summary>A user who belongs to no team.</summary>
    public AppUser Outsider { get; }

    public IServiceProvider Services => Store.Services;
    public KeyVault Keys => Services.GetRequiredService<KeyVault>();
    public MembershipService Members => Services.GetRequiredService<MembershipService>();
    public AccountService Accounts => Services.GetRequiredService<AccountService>();
    public SiteAdminService SiteAdmin => Services.GetRequiredService<SiteAdminService>();
    public AuditLog Audit => Services.GetRequiredService<AuditLog>();
    public TeamAccess Access => Services.GetRequiredService<TeamAccess>();
    public IDbContextFactory<AppDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    public static async Task<TwoTeams> CreateAsync(TimeProvider? time = null)
    {
        var store = await TestStore.CreateWithAccountsAsync(time);
        try
        {
            var accounts = store.Services.GetRequiredService<AccountService>();
            var admin = await accounts.CreateUserAsync("admin@example.test", Password, isSiteAdmin: true);
            var outsider = await accounts.CreateUserAsync("outsider@example.test", Password, isSiteAdmin: false);
            var a = await SeedTeamAsync(store, "team-alpha", "Alpha Records", "alpha", seed: 101);
            var b = await SeedTeamAsync(store, "team-bravo", "Bravo Music", "bravo", seed: 202);
            return new TwoTeams(store, a, b, admin, outsider);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    private static async Task<SeedTeam> SeedTeamAsync(TestStore store, string slug, string name, string word, int seed)
    {
        var accounts = store.Services.GetRequiredService<AccountService>();
        var team = await store.Teams.CreateAsync(slug, name);
        async Task<SeedMember> MemberAsync(TeamRole role)
        {
            var user = await accounts.CreateUserAsync($"{role.ToString().ToLowerInvariant()}@{word}.test", Password, isSiteAdmin: false);
            await accounts.AddToTeamAsync(user, team, role);
            await using var db = await store.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var membershipId = await db.TeamMemberships.IgnoreQueryFilters()
                .Where(m => m.TeamId == team.Id && m.UserId == user.Id).Select(m => m.Id).SingleAsync();
            return new SeedMember(user, membershipId, role);
        }
        var owner = await MemberAsync(TeamRole.Owner);
        var editor = await MemberAsync(TeamRole.Editor);
        var viewer = await MemberAsync(TeamRole.Viewer);

        var vault = store.Services.GetRequiredService<KeyVault>();
        var keys = new List<SeedKey>();
        foreach (var keyName in new[] { $"{word} production key", $"{word} staging key" })
        {
            var secret = $"sk_live_{word}_{Guid.NewGuid():N}";
            var summary = await vault.AddAsync(owner.Principal, slug, new KeyInput(keyName, secret));
            keys.Add(new SeedKey(summary.Id, summary.Name, secret, summary.Masked));
        }

        // Exported after the rows' days and before any test's clock: a later exported_at would be refused as from the future.
        var rows = TestRows.Generate(seed, campaigns: 2, days: 3, countries: 2, exportedAt: new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero));
        await store.ImportAsync(team.Id, rows);
        var campaignIds = rows.Select(r => r.CampaignId).Distinct().ToList();
        await using var context = await store.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var campaigns = await context.Campaigns.IgnoreQueryFilters().Where(c => c.TeamId == team.Id).ToListAsync();
        var ordered = campaignIds.Select(id => campaigns.Single(c => c.CampaignId == id)).ToList();
        // Registered without asking the API, so that a leak into sync would have something to start.
        ordered[0].ApiKeyId = keys[0].Id;
        ordered[0].RegisteredAt = DateTimeOffset.UnixEpoch;
        await context.SaveChangesAsync();
        var link = await store.Services.GetRequiredService<ShareService>().CreateAsync(owner.Principal, slug, new ShareLinkInput
        {
            Name = $"{word} manager link", CampaignIds = campaignIds, From = new DateOnly(2026, 1, 1), To = new DateOnly(2026, 12, 31),
        });
        return new SeedTeam(team, owner, editor, viewer, keys, campaignIds, ordered.Select(c => c.Id).ToList())
        {
            ShareLinkId = link.Link.Id,
            ShareToken = link.Token,
        };
    }

    /// <summary>
    /// Everything a breach of <paramref name="team"/> could change, as comparable lines: every team and user
    /// (with admin flag, password hash and security stamp), and the team's memberships, keys, audit events,
    /// campaigns with their sync state, sync runs and leases, and metric rows.
    /// </summary>
    public async Task<List<string>> SnapshotAsync(SeedTeam team)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var lines = new List<string>();
        lines.AddRange((await db.Teams.AsNoTracking().ToListAsync()).OrderBy(t => t.Id)
            .Select(t => $"team {t.Id} {t.Slug} {t.Name}"));
        lines.AddRange((await db.Users.AsNoTracking().ToListAsync()).OrderBy(u => u.Email, StringComparer.Ordinal)
            .Select(u => $"user {u.Id} {u.Email} admin={u.IsSiteAdmin} {u.PasswordHash} {u.SecurityStamp} {u.LockoutEnd}"));
        lines.AddRange((await db.TeamMemberships.IgnoreQueryFilters().AsNoTracking().Where(m => m.TeamId == team.Id).ToListAsync())
            .OrderBy(m => m.Id).Select(m => $"membership {m.Id} {m.UserId} {m.Role} {m.AddedAt.ToUnixTimeMilliseconds()}"));
        lines.AddRange((await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().Where(k => k.TeamId == team.Id).ToListAsync())
            .OrderBy(k => k.Id)
            .Select(k => $"key {k.Id} {k.Name} {k.HeaderStyle} {k.BaseUrl} {k.Ciphertext} {k.Last4} {k.UpdatedAt.ToUnixTimeMilliseconds()}"));
        lines.AddRange((await db.AuditEvents.AsNoTracking().Where(e => e.TeamId == team.Id).ToListAsync())
            .OrderBy(e => e.Id).Select(e => $"audit {e.Id} {e.Kind} {e.Detail}"));
        lines.AddRange((await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => c.TeamId == team.Id).ToListAsync())
            .OrderBy(c => c.Id).Select(c => $"campaign {c.Id} {c.CampaignId} {c.Name} key={c.ApiKeyId} {c.SyncState} {c.SyncProblem} " +
                                             $"{c.NextSyncAt?.ToUnixTimeMilliseconds()} {c.LastSyncAt?.ToUnixTimeMilliseconds()} {c.SyncedThrough}"));
        lines.AddRange((await db.SyncRuns.IgnoreQueryFilters().AsNoTracking().Where(r => r.TeamId == team.Id).ToListAsync())
            .OrderBy(r => r.Id).Select(r => $"run {r.Id} {r.CampaignKey} {r.Outcome}"));
        var campaignKeys = team.CampaignKeys.ToList();
        lines.AddRange((await db.SyncLeases.AsNoTracking().Where(l => campaignKeys.Contains(l.CampaignKey)).ToListAsync())
            .OrderBy(l => l.CampaignKey).Select(l => $"lease {l.CampaignKey} {l.Holder}"));
        lines.AddRange((await db.ShareLinks.IgnoreQueryFilters().AsNoTracking().Where(l => l.TeamId == team.Id).ToListAsync())
            .OrderBy(l => l.Id).Select(l => $"share {l.Id} {l.Name} {Convert.ToHexString(l.TokenHash)} all={l.AllCampaigns} {string.Join('|', l.CampaignIds)} " +
                                             $"all={l.AllCountries} {string.Join('|', l.CountryCodes)} {l.Metrics} " +
                                             $"{l.RollingDays} {l.FixedFrom} {l.FixedTo} {l.ViewerMayChangeDates} {l.AllowCsv} {l.ExpiresAt} {l.RevokedAt}"));
        lines.AddRange((await Store.DumpMetricRowsAsync()).Where(r => r.StartsWith($"{team.Id}|", StringComparison.Ordinal)));
        return lines;
    }

    /// <summary>The id of the newest audit event, to read only what a test wrote after it.</summary>
    public async Task<long> LastAuditIdAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.AuditEvents.MaxAsync(e => (long?)e.Id) ?? 0;
    }

    public async Task<TeamMembership?> MembershipAsync(SeedTeam team, string userId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.TeamMemberships.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(m => m.TeamId == team.Id && m.UserId == userId);
    }

    public async Task<List<ApiKey>> StoredKeysAsync(SeedTeam team)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().Where(k => k.TeamId == team.Id).OrderBy(k => k.Id).ToListAsync();
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
