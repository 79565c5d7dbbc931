using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Teams;

/// <summary>A team as one signed-in user may use it right now; only <see cref="TeamAccess"/> makes one.</summary>
public sealed record TeamContext
{
    internal TeamContext(int teamId, string slug, string name, TeamRole role, string userId)
    {
        TeamId = teamId;
        Slug = slug;
        Name = name;
        Role = role;
        UserId = userId;
    }

    public int TeamId { get; }
    public string Slug { get; }
    public string Name { get; }
    public TeamRole Role { get; }
    public string UserId { get; }
    public bool CanEdit => Role >= TeamRole.Editor;
    public bool IsOwner => Role == TeamRole.Owner;
}

/// <summary>
/// The one place that turns a signed-in user and a team slug into a team: membership and role are read from
/// the store on every call, so removing a member or lowering a role takes effect at their next action.
/// </summary>
public sealed class TeamAccess(IDbContextFactory<AppDbContext> contexts)
{
    public static string? UserIdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public async Task<TeamContext> RequireAsync(ClaimsPrincipal user, string teamSlug, TeamRole minimum,
        CancellationToken cancellationToken = default)
    {
        var slug = TeamService.NormalizeSlug(teamSlug);
        var userId = UserIdOf(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var membership = userId is null ? null : await db.TeamMemberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && m.Team!.Slug == slug)
            .Select(m => new { m.TeamId, m.Team!.Slug, m.Team.Name, m.Role })
            .SingleOrDefaultAsync(cancellationToken);
        if (membership is null)
        {
            throw new NotFoundException($"There is no team \"{slug}\" for you.");
        }
        if (membership.Role < minimum)
        {
            throw new ForbiddenException($"This needs the {minimum} role in {membership.Name}; you are {membership.Role}.");
        }
        return new TeamContext(membership.TeamId, membership.Slug, membership.Name, membership.Role, userId!);
    }

    /// <summary>For member management: the team's owners, and site admins (who manage every team's members).</summary>
    public async Task<TeamContext> RequireOwnerOrAdminAsync(ClaimsPrincipal user, string teamSlug,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await RequireAsync(user, teamSlug, TeamRole.Owner, cancellationToken);
        }
        catch (Exception ex) when (ex is NotFoundException or ForbiddenException)
        {
            if (!await IsSiteAdminAsync(user, cancellationToken))
            {
                throw;
            }
            var slug = TeamService.NormalizeSlug(teamSlug);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken)
                ?? throw new NotFoundException($"There is no team \"{slug}\".");
            return new TeamContext(team.Id, team.Slug, team.Name, TeamRole.Owner, UserIdOf(user)!);
        }
    }

    /// <summary>
    /// The command line acts as the operator of the instance, who has the database anyway: full rights on the team.
    /// Only the CLI calls this; web code always goes through <see cref="RequireAsync"/>.
    /// </summary>
    public async Task<TeamContext> OperatorContextAsync(string teamSlug, CancellationToken cancellationToken = default)
    {
        var slug = TeamService.NormalizeSlug(teamSlug);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken)
            ?? throw new NotFoundException($"There is no team \"{slug}\".");
        return new TeamContext(team.Id, team.Slug, team.Name, TeamRole.Owner, "cli");
    }

    /// <summary>A share link's viewer: read-only, on the team the link (found by its token) belongs to.</summary>
    internal static TeamContext ForShareLink(int teamId, string teamName, int linkId) =>
        new(teamId, "", teamName, TeamRole.Viewer, $"share-link:{linkId}");

    /// <summary>For background work (the sync scheduler), which acts for the team it was given.</summary>
    internal static TeamContext System(int teamId) => new(teamId, "", "", TeamRole.Owner, "system");

    public async Task<bool> IsSiteAdminAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = UserIdOf(user);
        if (userId is null)
        {
            return false;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Id == userId && u.IsSiteAdmin, cancellationToken);
    }

    public async Task<string> RequireSiteAdminAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        await IsSiteAdminAsync(user, cancellationToken)
            ? UserIdOf(user)!
            : throw new ForbiddenException("Only site admins may do this.");

    /// <summary>The teams this user belongs to, by name.</summary>
    public async Task<IReadOnlyList<TeamContext>> TeamsOfAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = UserIdOf(user);
        if (userId is null)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = await db.TeamMemberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId)
            .Select(m => new { m.TeamId, m.Team!.Slug, m.Team.Name, m.Role })
            .ToListAsync(cancellationToken);
        return teams.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .Select(t => new TeamContext(t.TeamId, t.Slug, t.Name, t.Role, userId))
            .ToList();
    }
}

public static class TeamDbContextFactoryExtensions
{
    /// <summary>A context whose team-owned sets hold only this team's rows.</summary>
    public static async Task<AppDbContext> CreateForTeamAsync(this IDbContextFactory<AppDbContext> contexts,
        TeamContext team, CancellationToken cancellationToken = default)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ScopedTeamId = team.TeamId;
        return db;
    }
}
