using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Accounts;

/// <summary>Creating users and setting passwords, for the first-run setup, the admin pages and the CLI.</summary>
public sealed class AccountService(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> contexts, AuditLog audit, TimeProvider time)
{
    private static readonly SemaphoreSlim SetupLock = new(1, 1);

    public async Task<bool> IsSetupNeededAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return !await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>Creates the first site admin; refuses once any user exists.</summary>
    public async Task<AppUser> CompleteSetupAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        await SetupLock.WaitAsync(cancellationToken);
        try
        {
            if (!await IsSetupNeededAsync(cancellationToken))
            {
                throw new NotFoundException("Setup is already done.");
            }
            var user = await CreateUserAsync(email, password, isSiteAdmin: true, cancellationToken);
            await audit.WriteAsync(AuditKinds.SetupCompleted, $"{user.Email} set up the instance as site admin", actorEmail: user.Email,
                cancellationToken: cancellationToken);
            return user;
        }
        finally
        {
            SetupLock.Release();
        }
    }

    public async Task<AppUser> CreateUserAsync(string email, string password, bool isSiteAdmin, CancellationToken cancellationToken = default)
    {
        email = (email ?? "").Trim();
        if (!IsEmail(email))
        {
            throw new InvalidInputException("Email", "Enter an email address.");
        }
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, IsSiteAdmin = isSiteAdmin, CreatedAt = time.GetUtcNow() };
        Check(await users.CreateAsync(user, password ?? ""));
        return user;
    }

    public async Task<AppUser?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync((email ?? "").Trim());
    }

    /// <summary>Sets a new password directly (CLI); also ends a lockout.</summary>
    public async Task ResetPasswordAsync(string email, string newPassword, CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync((email ?? "").Trim())
            ?? throw new NotFoundException($"There is no user with the email {email}.");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, newPassword ?? ""));
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(AuditKinds.PasswordChanged, $"Password of {user.Email} reset from the command line",
            actorEmail: "cli", cancellationToken: cancellationToken);
    }

    /// <summary>Adds a user to a team with a role (CLI; the web goes through <see cref="MembershipService"/>).</summary>
    public async Task AddToTeamAsync(AppUser user, Team team, TeamRole role, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.TeamMemberships.IgnoreQueryFilters()
            .SingleOrDefaultAsync(m => m.TeamId == team.Id && m.UserId == user.Id, cancellationToken);
        if (existing is null)
        {
            db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = user.Id, Role = role, AddedAt = time.GetUtcNow() });
        }
        else
        {
            existing.Role = role;
        }
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.MemberAdded, $"{user.Email} added as {role} from the command line", teamId: team.Id,
            actorEmail: "cli", cancellationToken: cancellationToken);
    }

    internal static bool IsEmail(string email) =>
        email.Length is > 2 and <= 256 && email.IndexOf('@') is > 0 and var at && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);

    /// <summary>Turns Identity's errors into field messages: password problems on Password, the rest on Email.</summary>
    internal static void Check(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }
        var errors = new Dictionary<string, string>();
        foreach (var error in result.Errors)
        {
            var field = error.Code.StartsWith("Password", StringComparison.Ordinal) || error.Code == "InvalidToken" ? "Password" : "Email";
            errors[field] = errors.TryGetValue(field, out var previous) ? $"{previous} {error.Description}" : error.Description;
        }
        throw new InvalidInputException(errors);
    }
}
