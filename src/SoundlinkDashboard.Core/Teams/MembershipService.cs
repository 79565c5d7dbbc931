using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Teams;

/// <param name="ActiveShareLinks">How many of the team's share links this member made that still work.</param>
public sealed record MemberSummary(int MembershipId, string UserId, string Email, TeamRole Role, DateTimeOffset AddedAt, int ActiveShareLinks = 0);

/// <summary>A team's members: managed by its owners and by site admins.</summary>
public sealed class MembershipService(IDbContextFactory<AppDbContext> contexts, TeamAccess access, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<MemberSummary>> ListAsync(ClaimsPrincipal user, string teamSlug,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireOwnerOrAdminAsync(user, teamSlug, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var members = await db.TeamMemberships.AsNoTracking()
            .Select(m => new MemberSummary(m.Id, m.UserId, m.User!.Email!, m.Role, m.AddedAt, 0))
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var links = (await db.ShareLinks.AsNoTracking().Where(l => l.RevokedAt == null && l.ExpiresAt > now)
                .Select(l => l.CreatedByUserId).ToListAsync(cancellationToken))
            .CountBy(id => id).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        members = members.Select(m => m with { ActiveShareLinks = links.GetValueOrDefault(m.UserId) }).ToList();
        return members.OrderByDescending(m => m.Role).ThenBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<MemberSummary> AddAsync(ClaimsPrincipal user, string teamSlug, string email, TeamRole role,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireOwnerOrAdminAsync(user, teamSlug, cancellationToken);
        CheckRole(role);
        var normalized = (email ?? "").Trim().ToUpperInvariant();
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var member = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken)
            ?? throw new InvalidInputException("Email", "There is no user with this email. A site admin creates users first.");
        if (await db.TeamMemberships.AnyAsync(m => m.UserId == member.Id, cancellationToken))
        {
            throw new InvalidInputException("Email", $"{member.Email} is already a member of {team.Name}.");
        }
        var membership = new TeamMembership { TeamId = team.TeamId, UserId = member.Id, Role = role, AddedAt = time.GetUtcNow() };
        db.TeamMemberships.Add(membership);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.MemberAdded, $"{member.Email} added as {role}", user, team.TeamId, cancellationToken: cancellationToken);
        return new MemberSummary(membership.Id, member.Id, member.Email!, role, membership.AddedAt);
    }

    public async Task ChangeRoleAsync(ClaimsPrincipal user, string teamSlug, int membershipId, TeamRole role,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireOwnerOrAdminAsync(user, teamSlug, cancellationToken);
        CheckRole(role);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var membership = await FindAsync(db, membershipId, cancellationToken);
        if (membership.Role == role)
        {
            return;
        }
        var before = membership.Role;
        // One statement checks and writes, so two owners demoting each other at once cannot both succeed.
        var changed = await KeepingAnOwner(db, membershipId, role)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Role, role), cancellationToken);
        if (changed == 0)
        {
            throw LastOwner();
        }
        await audit.WriteAsync(AuditKinds.MemberRoleChanged, $"{membership.User!.Email}: {before} → {role}", user, team.TeamId,
            cancellationToken: cancellationToken);
    }

    /// <summary>Removes the member and keeps the share links they made working (they stay listed as made by a former member).</summary>
    public Task RemoveAsync(ClaimsPrincipal user, string teamSlug, int membershipId, CancellationToken cancellationToken = default) =>
        RemoveAsync(user, teamSlug, membershipId, revokeShareLinks: false, cancellationToken);

    /// <param name="revokeShareLinks">Also revoke the share links this member made that still work; false keeps them working.
    /// Either way, when there are such links, the audit log says which was chosen.</param>
    public async Task RemoveAsync(ClaimsPrincipal user, string teamSlug, int membershipId, bool revokeShareLinks,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireOwnerOrAdminAsync(user, teamSlug, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var membership = await FindAsync(db, membershipId, cancellationToken);
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await KeepingAnOwner(db, membershipId, newRole: null).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw LastOwner();
        }
        var links = db.ShareLinks.Where(l => l.CreatedByUserId == membership.UserId && l.RevokedAt == null && l.ExpiresAt > now);
        var names = await links.OrderBy(l => l.Id).Select(l => l.Name).ToListAsync(cancellationToken);
        if (revokeShareLinks && names.Count > 0)
        {
            await links.ExecuteUpdateAsync(set => set.SetProperty(l => l.RevokedAt, now).SetProperty(l => l.RevokedByEmail, user.Identity?.Name),
                cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.MemberRemoved, $"{membership.User!.Email} removed", user, team.TeamId,
            cancellationToken: cancellationToken);
        if (names.Count > 0)
        {
            var list = string.Join(", ", names.Select(n => $"\"{n}\""));
            await audit.WriteAsync(revokeShareLinks ? AuditKinds.MemberShareLinksRevoked : AuditKinds.MemberShareLinksKept,
                revokeShareLinks
                    ? $"{names.Count} share link(s) made by {membership.User.Email} revoked with their removal: {list}"
                    : $"{names.Count} share link(s) made by {membership.User.Email} kept working after their removal: {list}",
                user, team.TeamId, cancellationToken: cancellationToken);
        }
    }

    private static async Task<TeamMembership> FindAsync(AppDbContext db, int membershipId, CancellationToken cancellationToken) =>
        await db.TeamMemberships.Include(m => m.User).SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken)
        ?? throw new NotFoundException("There is no such member in this team.");

    /// <summary>The membership, unless changing it (to <paramref name="newRole"/>, or removing it) would leave the team without an owner.</summary>
    private static IQueryable<TeamMembership> KeepingAnOwner(AppDbContext db, int membershipId, TeamRole? newRole) =>
        db.TeamMemberships.Where(m => m.Id == membershipId &&
            (newRole == TeamRole.Owner || m.Role != TeamRole.Owner ||
             db.TeamMemberships.Any(other => other.Role == TeamRole.Owner && other.Id != membershipId)));

    private static InvalidInputException LastOwner() =>
        new("Role", "A team needs at least one owner: make someone else owner first.");

    private static void CheckRole(TeamRole role)
    {
        if (!Enum.IsDefined(role))
        {
            throw new InvalidInputException("Role", "Pick owner, editor or viewer.");
        }
    }
}
