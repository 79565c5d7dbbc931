using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Audit;

public sealed class AuditLog(IDbContextFactory<AppDbContext> contexts, TeamAccess access, TimeProvider time)
{
    public async Task WriteAsync(string kind, string detail, ClaimsPrincipal? actor = null, int? teamId = null,
        string? actorEmail = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(new AuditEvent
        {
            At = time.GetUtcNow(),
            Kind = kind,
            Detail = detail,
            TeamId = teamId,
            ActorUserId = actor is null ? null : TeamAccess.UserIdOf(actor),
            ActorEmail = actorEmail ?? actor?.Identity?.Name,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A team's events, newest first: for its owners and site admins.</summary>
    public async Task<IReadOnlyList<AuditEvent>> ListForTeamAsync(ClaimsPrincipal user, string teamSlug, int take = 200,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireOwnerOrAdminAsync(user, teamSlug, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking().Where(e => e.TeamId == team.TeamId)
            .OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Every event, newest first: for site admins.</summary>
    public async Task<IReadOnlyList<AuditEvent>> ListAllAsync(ClaimsPrincipal user, int take = 500,
        CancellationToken cancellationToken = default)
    {
        await access.RequireSiteAdminAsync(user, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
    }
}
