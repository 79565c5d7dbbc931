using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Accounts;

public sealed record UserSummary(string UserId, string Email, bool IsSiteAdmin, bool LockedOut, IReadOnlyList<string> Teams,
    DateTimeOffset CreatedAt);

/// <summary>What only site admins do: users, teams, password reset links. Every call re-checks the admin flag.</summary>
public sealed class SiteAdminService(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> contexts, TeamAccess access,
    AccountService accounts, TeamService teams, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        await access.RequireSiteAdminAsync(admin, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        var memberships = await db.TeamMemberships.IgnoreQueryFilters().AsNoTracking()
            .Select(m => new { m.UserId, m.Team!.Slug, m.Role }).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return users.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .Select(u => new UserSummary(u.Id, u.Email!, u.IsSiteAdmin, u.LockoutEnd > now,
                memberships.Where(m => m.UserId == u.Id).Select(m => $"{m.Slug} ({m.Role})").Order().ToList(), u.CreatedAt))
            .ToList();
    }

    public async Task<UserSummary> CreateUserAsync(ClaimsPrincipal admin, string email, string password, bool isSiteAdmin,
        CancellationToken cancellationToken = default)
    {
        await access.RequireSiteAdminAsync(admin, cancellationToken);
        var user = await accounts.CreateUserAsync(email, password, isSiteAdmin, cancellationToken);
        await audit.WriteAsync(AuditKinds.UserCreated, $"{user.Email} created{(isSiteAdmin ? " as site admin" : "")}", admin,
            cancellationToken: cancellationToken);
        return new UserSummary(user.Id, user.Email!, isSiteAdmin, false, [], user.CreatedAt);
    }

    /// <summary>A one-time link (relative to the site) that lets the user choose a new password. Works without a mail server.</summary>
    public async Task<string> IssueResetLinkAsync(ClaimsPrincipal admin, string userId, CancellationToken cancellationToken = default)
    {
        await access.RequireSiteAdminAsync(admin, cancellationToken);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("There is no such user.");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await audit.WriteAsync(AuditKinds.PasswordResetIssued, $"Password reset link issued for {user.Email}", admin,
            cancellationToken: cancellationToken);
        var code = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token));
        return $"Account/ResetPassword?email={Uri.EscapeDataString(user.Email!)}&code={code}";
    }

    public async Task SetSiteAdminAsync(ClaimsPrincipal admin, string userId, bool isSiteAdmin, CancellationToken cancellationToken = default)
    {
        var adminId = await access.RequireSiteAdminAsync(admin, cancellationToken);
        if (userId == adminId && !isSiteAdmin)
        {
            throw new InvalidInputException("User", "You cannot remove your own admin rights; ask another admin.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new NotFoundException("There is no such user.");
        user.IsSiteAdmin = isSiteAdmin;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.AdminChanged, $"{user.Email} is {(isSiteAdmin ? "now" : "no longer")} a site admin", admin,
            cancellationToken: cancellationToken);
    }

    public async Task DeleteUserAsync(ClaimsPrincipal admin, string userId, CancellationToken cancellationToken = default)
    {
        var adminId = await access.RequireSiteAdminAsync(admin, cancellationToken);
        if (userId == adminId)
        {
            throw new InvalidInputException("User", "You cannot delete yourself.");
        }
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("There is no such user.");
        AccountService.Check(await users.DeleteAsync(user));
        await audit.WriteAsync(AuditKinds.UserDeleted, $"{user.Email} deleted", admin, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<TeamSummary>> ListTeamsAsync(ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        await access.RequireSiteAdminAsync(admin, cancellationToken);
        return await teams.ListAsync(cancellationToken);
    }

    public async Task<Team> CreateTeamAsync(ClaimsPrincipal admin, string slug, string? name, CancellationToken cancellationToken = default)
    {
        await access.RequireSiteAdminAsync(admin, cancellationToken);
        Team team;
        try
        {
            team = await teams.CreateAsync(slug, name, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidInputException("Slug", ex.Message.Split(" (Parameter")[0]);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidInputException("Slug", ex.Message);
        }
        await audit.WriteAsync(AuditKinds.TeamCreated, $"Team {team.Slug} ({team.Name}) created", admin, team.Id,
            cancellationToken: cancellationToken);
        return team;
    }
}
