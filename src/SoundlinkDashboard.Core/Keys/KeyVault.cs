using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Soundlink.Client.Api;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Keys;

public sealed record KeySummary(int Id, string Name, KeyHeaderStyle HeaderStyle, string? BaseUrl, string Masked,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Problem, DateTimeOffset? CheckedAt);

public sealed record KeyInput(string Name, string Secret, KeyHeaderStyle HeaderStyle = KeyHeaderStyle.XApiKey, string? BaseUrl = null);

/// <param name="Secret">The key's secret again; required when <paramref name="BaseUrl"/> changes (the stored secret never follows a new URL).</param>
public sealed record KeySettings(string Name, KeyHeaderStyle HeaderStyle, string? BaseUrl, string? Secret = null);

/// <summary>The answer of <c>GET /v1/ping</c> for a key: null problem means it works.</summary>
public sealed record KeyCheck(bool Works, string? Problem);

/// <summary>
/// A team's Soundlink API keys. Secrets are encrypted with Data Protection under a purpose of their own team
/// and never shown again: only <c>sk_…</c> and the last four characters. Members may list; owners change.
/// </summary>
public sealed class KeyVault(IDbContextFactory<AppDbContext> contexts, TeamAccess access,
    IDataProtectionProvider protection, AuditLog audit, SoundlinkClients clients, SyncOptions syncOptions, BaseUrlAllowList allowList,
    TimeProvider time)
{
    /// <summary>The problem code of a key whose base URL is not (or no longer) allowed: nothing was sent.</summary>
    public const string BaseUrlRefused = "base_url_not_allowed";

    public async Task<IReadOnlyList<KeySummary>> ListAsync(ClaimsPrincipal user, string teamSlug,
        CancellationToken cancellationToken = default) =>
        await ListAsync(await access.RequireAsync(user, teamSlug, TeamRole.Viewer, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<KeySummary>> ListAsync(TeamContext team, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Name).ToListAsync(cancellationToken);
        return keys.Select(Summary).ToList();
    }

    public async Task<KeySummary> AddAsync(ClaimsPrincipal user, string teamSlug, KeyInput input,
        CancellationToken cancellationToken = default) =>
        await AddAsync(await access.RequireAsync(user, teamSlug, TeamRole.Owner, cancellationToken), input, user, cancellationToken);

    /// <param name="actor">Who acts, for the audit log; null for the command line.</param>
    public async Task<KeySummary> AddAsync(TeamContext team, KeyInput input, ClaimsPrincipal? actor, CancellationToken cancellationToken = default)
    {
        RequireOwner(team);
        var errors = KeyRules.Validate(input.Name, input.Secret, input.BaseUrl);
        AddAllowListError(errors, input.BaseUrl);
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
        await audit.WriteAsync(AuditKinds.KeyAdded, $"Key \"{key.Name}\" ({KeyRules.Mask(key.Last4)}) added", actor, team.TeamId,
            actor is null ? "cli" : null, cancellationToken);
        return Summary(key);
    }

    /// <summary>Asks Soundlink whether the key works (<c>GET /v1/ping</c>) and remembers the answer. Any member may check.</summary>
    public async Task<KeyCheck> CheckAsync(ClaimsPrincipal user, string teamSlug, int keyId, CancellationToken cancellationToken = default) =>
        await CheckAsync(await access.RequireAsync(user, teamSlug, TeamRole.Viewer, cancellationToken), keyId, cancellationToken);

    public async Task<KeyCheck> CheckAsync(TeamContext team, int keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var key = await FindAsync(db, keyId, cancellationToken);
        string? problem = null;
        try
        {
            await clients.Create().PingAsync(Connection(key), cancellationToken);
        }
        catch (SoundlinkApiException ex)
        {
            problem = Describe(ex);
        }
        key.Problem = problem;
        key.CheckedAt = time.GetUtcNow();
        if (problem is null)
        {
            await ResumeCampaignsAsync(db, key.Id, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return new KeyCheck(problem is null, problem);
    }

    public async Task<KeySummary> UpdateAsync(ClaimsPrincipal user, string teamSlug, int keyId, KeySettings settings,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Owner, cancellationToken);
        var errors = KeyRules.Validate(settings.Name, string.IsNullOrEmpty(settings.Secret) ? null : settings.Secret, settings.BaseUrl);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var key = await FindAsync(db, keyId, cancellationToken);
        AddAllowListError(errors, settings.BaseUrl);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var newBaseUrl = KeyRules.NormalizeBaseUrl(settings.BaseUrl);
        var urlChanged = !string.Equals(newBaseUrl, key.BaseUrl, StringComparison.OrdinalIgnoreCase);
        if (urlChanged && string.IsNullOrEmpty(settings.Secret))
        {
            // The stored secret is never sent to a new address: whoever moves the key must know its secret.
            throw new InvalidInputException("Secret", KeyRules.SecretNeededForNewBaseUrl);
        }
        var name = settings.Name.Trim();
        await EnsureNameFreeAsync(db, name, key.Id, cancellationToken);
        var before = key.Name;
        key.Name = name;
        key.HeaderStyle = settings.HeaderStyle;
        key.BaseUrl = newBaseUrl;
        if (!string.IsNullOrEmpty(settings.Secret))
        {
            var secret = settings.Secret.Trim();
            key.Ciphertext = Protector(team.TeamId).Protect(secret);
            key.Last4 = secret[^4..];
        }
        key.UpdatedAt = time.GetUtcNow();
        key.Problem = null;
        key.CheckedAt = null;
        await ResumeCampaignsAsync(db, key.Id, cancellationToken);
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
        key.Problem = null;
        key.CheckedAt = null;
        await ResumeCampaignsAsync(db, key.Id, cancellationToken);
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
        foreach (var campaign in await db.Campaigns.Where(c => c.ApiKeyId == key.Id).ToListAsync(cancellationToken))
        {
            campaign.KeyDeleted(key.Name);
        }
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.KeyRemoved, $"Key \"{key.Name}\" ({KeyRules.Mask(key.Last4)}) removed", user,
            team.TeamId, cancellationToken: cancellationToken);
    }

    /// <summary>The connection of one of the team's keys (for the command line's campaign listing).</summary>
    public async Task<SoundlinkConnection> ConnectionForAsync(TeamContext team, int keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        return Connection(await FindAsync(db, keyId, cancellationToken));
    }

    /// <summary>The connection for calling Soundlink with this key; the plain secret never leaves memory.</summary>
    /// <exception cref="SoundlinkApiException">Code <see cref="BaseUrlRefused"/>: the key's stored base URL is not allowed
    /// (any more); the secret is not decrypted and nothing is sent.</exception>
    internal SoundlinkConnection Connection(ApiKey key)
    {
        if (allowList.Problem(key.BaseUrl) is { } problem)
        {
            throw new SoundlinkApiException(0, BaseUrlRefused,
                $"Not sent: the key's base URL is not allowed. {problem} An owner must change the key's base URL and enter its secret again.", null);
        }
        return new(
            new Uri(key.BaseUrl ?? syncOptions.DefaultBaseUrl),
            Reveal(key),
            key.HeaderStyle == KeyHeaderStyle.Bearer ? AuthHeaderStyle.Bearer : AuthHeaderStyle.XApiKey);
    }

    private void AddAllowListError(Dictionary<string, string> errors, string? baseUrl)
    {
        if (!errors.ContainsKey("BaseUrl") && allowList.Problem(baseUrl) is { } problem)
        {
            errors["BaseUrl"] = problem;
        }
    }

    /// <summary>The plain secret, for the code that calls Soundlink on the team's behalf; never for display.</summary>
    internal string Reveal(ApiKey key) => Protector(key.TeamId).Unprotect(key.Ciphertext);

    /// <summary>
    /// A short reason for people: "could not connect", "timed out", "HTTP 502", or Soundlink's error code, message
    /// and requestId when the answer was its error envelope. Never the network exception's text.
    /// </summary>
    public static string Describe(SoundlinkApiException ex) => ex.Code switch
    {
        "unreachable" => "could not connect",
        "timeout" => "timed out",
        _ when ex.Code == $"http_{ex.Status}" => $"HTTP {ex.Status}",
        _ => $"{Clean(ex.Code, 64)}: {Clean(ex.ApiMessage, 300)}{(ex.RequestId is null ? "" : $" (requestId {Clean(ex.RequestId, 64)})")}",
    };

    /// <summary>Text from the network, bounded and without control characters, before it reaches a page or a terminal.</summary>
    private static string Clean(string text, int max)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= max ? clean : clean[..max] + "…";
    }

    private static void RequireOwner(TeamContext team)
    {
        if (!team.IsOwner)
        {
            throw new ForbiddenException("Only owners add keys.");
        }
    }

    /// <summary>A fixed or re-checked key lets its stopped campaigns sync again.</summary>
    private async Task ResumeCampaignsAsync(AppDbContext db, int keyId, CancellationToken cancellationToken)
    {
        var stopped = await db.Campaigns.Where(c => c.ApiKeyId == keyId && c.SyncState == SyncState.Stopped).ToListAsync(cancellationToken);
        foreach (var campaign in stopped)
        {
            campaign.KeyChanged(time.GetUtcNow());
        }
    }

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
        new(key.Id, key.Name, key.HeaderStyle, key.BaseUrl, KeyRules.Mask(key.Last4), key.CreatedAt, key.UpdatedAt, key.Problem, key.CheckedAt);
}
