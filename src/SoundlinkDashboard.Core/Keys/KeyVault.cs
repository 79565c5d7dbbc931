using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Keys;

public sealed record KeySummary(int Id, string Name, KeyHeaderStyle HeaderStyle, string? BaseUrl, string Masked,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record KeyInput(string Name, string Secret, KeyHeaderStyle HeaderStyle = KeyHeaderStyle.XApiKey, string? BaseUrl = null);

public sealed record KeySettings(string Name, KeyHeaderStyle HeaderStyle, string? BaseUrl);

/// <summary>
/// A team's Soundlink API keys. Secrets are encrypted with Data Protection under a purpose of their own team
/// and never shown again: only <c>sk_…</c> and the last four characters. Members may list; owners change.
/// </summary>
public sealed class KeyVault(IDbContextFactory<AppDbContext> contexts, TeamAccess access,
    IDataProtectionProvider protection, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<KeySummary>> ListAsync(ClaimsPrincipal user, string teamSlug,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Viewer, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Name).ToListAsync(cancellationToken);
        return keys.Select(Summary).ToList();
    }

    public async Task<KeySummary> AddAsync(ClaimsPrincipal user, string teamSlug, KeyInput input,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Owner, cancellationToken);
        var errors = KeyRules.Validate(input.Name, input.Secret, input.BaseUrl);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var name = input.Name.Trim();
        await EnsureNameFreeAsync(db, name, null, cancellationToken);
        var secret = input.Secret.Trim();
        var now = time.GetUtcNow();
        var key = new ApiKey
        {
            TeamId = team.TeamId,
            Name = name,
            HeaderStyle = input.HeaderStyle,
            BaseUrl = KeyRules.NormalizeBaseUrl(input.BaseUrl),
            Ciphertext = Protector(team.TeamId).Protect(secret),
            Last4 = secret[^4..],
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.KeyAdded, $"Key \"{key.Name}\" ({KeyRules.Mask(key.Last4)}) added", user, team.TeamId,
            cancellationToken: cancellationToken);
        return Summary(key);
    }

    public async Task<KeySummary> UpdateAsync(ClaimsPrincipal user, string teamSlug, int keyId, KeySettings settings,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Owner, cancellationToken);
        var errors = KeyRules.Validate(settings.Name, secret: null, settings.BaseUrl);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var key = await FindAsync(db, keyId, cancellationToken);
        var name = settings.Name.Trim();
        await EnsureNameFreeAsync(db, name, key.Id, cancellationToken);
        var before = key.Name;
        key.Name = name;
        key.HeaderStyle = settings.HeaderStyle;
        key.BaseUrl = KeyRules.NormalizeBaseUrl(settings.BaseUrl);
        key.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.KeyChanged, $"Key \"{before}\" changed (now \"{key.Name}\", {key.HeaderStyle}, base URL {key.BaseUrl ?? "default"})",
            user, team.TeamId, cancellationToken: cancellationToken);
        return Summary(key);
    }

    public async Task<KeySummary> ReplaceSecretAsync(ClaimsPrincipal user, string teamSlug, int keyId, string secret,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Owner, cancellationToken);
        if (KeyRules.ValidateSecret(secret) is { } error)
        {
            throw new InvalidInputException("Secret", error);
        }
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var key = await FindAsync(db, keyId, cancellationToken);
        secret = secret.Trim();
        key.Ciphertext = Protector(team.TeamId).Protect(secret);
        key.Last4 = secret[^4..];
        key.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.KeyReplaced, $"Key \"{key.Name}\" replaced (now {KeyRules.Mask(key.Last4)})", user,
            team.TeamId, cancellationToken: cancellationToken);
        return Summary(key);
    }

    public async Task DeleteAsync(ClaimsPrincipal user, string teamSlug, int keyId, CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Owner, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var key = await FindAsync(db, keyId, cancellationToken);
        db.ApiKeys.Remove(key);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.KeyRemoved, $"Key \"{key.Name}\" ({KeyRules.Mask(key.Last4)}) removed", user,
            team.TeamId, cancellationToken: cancellationToken);
    }

    /// <summary>The plain secret, for the code that calls Soundlink on the team's behalf; never for display.</summary>
    internal string Reveal(ApiKey key) => Protector(key.TeamId).Unprotect(key.Ciphertext);

    private IDataProtector Protector(int teamId) =>
        protection.CreateProtector("SoundlinkDashboard.ApiKeys.v1", $"team:{teamId}");

    private static async Task<ApiKey> FindAsync(AppDbContext db, int keyId, CancellationToken cancellationToken) =>
        await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken)
        ?? throw new NotFoundException("There is no such key in this team.");

    private static async Task EnsureNameFreeAsync(AppDbContext db, string name, int? exceptId, CancellationToken cancellationToken)
    {
        if (await db.ApiKeys.AnyAsync(k => k.Name == name && k.Id != exceptId, cancellationToken))
        {
            throw new InvalidInputException("Name", $"This team already has a key named \"{name}\".");
        }
    }

    private static KeySummary Summary(ApiKey key) =>
        new(key.Id, key.Name, key.HeaderStyle, key.BaseUrl, KeyRules.Mask(key.Last4), key.CreatedAt, key.UpdatedAt);
}
