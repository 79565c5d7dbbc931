using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Sharing;

/// <summary>What a link pins. Dates: RollingDays for "the last N days", else From and To.</summary>
public sealed record ShareLinkInput
{
    public string Name { get; init; } = "";
    /// <summary>Every campaign of the team, present and future; then <see cref="CampaignIds"/> stays empty.</summary>
    public bool AllCampaigns { get; init; }
    public IReadOnlyList<string> CampaignIds { get; init; } = [];
    /// <summary>Empty: every country of the campaigns.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Metrics { get; init; } = MetricCatalogue.Keys;
    public int? RollingDays { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public bool ViewerMayChangeDates { get; init; }
    public bool AllowCsv { get; init; }
    public int ExpiresInDays { get; init; } = ShareService.DefaultExpiryDays;
}

public enum ShareLinkState
{
    Active,
    Expired,
    Revoked,
}

/// <param name="AllCampaigns">Every campaign of the team; else exactly <paramref name="CampaignIds"/>.</param>
/// <param name="AllCountries">Every country; else exactly <paramref name="Countries"/>.</param>
/// <param name="CreatorIsMember">Whether the user who made the link still belongs to the team.</param>
public sealed record ShareLinkSummary(int Id, string Name, bool AllCampaigns, IReadOnlyList<string> CampaignIds, bool AllCountries,
    IReadOnlyList<string> Countries, IReadOnlyList<string> Metrics, int? RollingDays, DateOnly? From, DateOnly? To, bool ViewerMayChangeDates,
    bool AllowCsv, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt,
    long ViewCount, ShareLinkState State, bool CreatorIsMember = true);

/// <summary>A link just made or given a new token: the raw token exists only here, once.</summary>
public sealed record IssuedShareLink(ShareLinkSummary Link, string Token);

/// <summary>Share links of a team, for its owners and editors: create, list, revoke, regenerate.</summary>
public sealed class ShareService(IDbContextFactory<AppDbContext> contexts, TeamAccess access, AuditLog audit, TimeProvider time)
{
    public const int DefaultExpiryDays = 30;
    public const int MaxExpiryDays = 365;
    public const int MaxRollingDays = 366;

    public async Task<IReadOnlyList<ShareLinkSummary>> ListAsync(ClaimsPrincipal user, string teamSlug, CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Editor, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var links = await db.ShareLinks.AsNoTracking().OrderByDescending(l => l.Id).ToListAsync(cancellationToken);
        var members = (await db.TeamMemberships.Select(m => m.UserId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        return links.Select(l => Summary(l, now) with { CreatorIsMember = members.Contains(l.CreatedByUserId) }).ToList();
    }

    public async Task<IssuedShareLink> CreateAsync(ClaimsPrincipal user, string teamSlug, ShareLinkInput input,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Editor, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var known = await db.Campaigns.Select(c => c.CampaignId).ToListAsync(cancellationToken);
        var errors = Validate(input, known);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var now = time.GetUtcNow();
        var token = ShareTokens.NewToken();
        var link = new ShareLink
        {
            TeamId = team.TeamId,
            Name = input.Name.Trim(),
            TokenHash = ShareTokens.Hash(token),
            AllCampaigns = input.AllCampaigns,
            Campaigns = input.CampaignIds.Distinct(StringComparer.Ordinal).Select(id => new ShareLinkCampaign { CampaignId = id }).ToList(),
            AllCountries = input.Countries.Count == 0,
            Countries = input.Countries.Select(c => c.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal)
                .Select(c => new ShareLinkCountry { CountryCode = c }).ToList(),
            Metrics = ShareLink.Join(MetricCatalogue.Keys.Where(input.Metrics.Contains)),
            RollingDays = input.RollingDays,
            FixedFrom = input.RollingDays is null ? input.From : null,
            FixedTo = input.RollingDays is null ? input.To : null,
            ViewerMayChangeDates = input.ViewerMayChangeDates,
            AllowCsv = input.AllowCsv,
            CreatedByUserId = team.UserId,
            CreatedByEmail = user.Identity?.Name,
            CreatedAt = now,
            TokenIssuedAt = now,
            ExpiresAt = now.AddDays(input.ExpiresInDays),
        };
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.ShareLinkCreated,
            $"Share link \"{link.Name}\" created, expires {link.ExpiresAt:yyyy-MM-dd}", user, team.TeamId, cancellationToken: cancellationToken);
        return new IssuedShareLink(Summary(link, now), token);
    }

    public async Task RevokeAsync(ClaimsPrincipal user, string teamSlug, int linkId, CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Editor, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var link = await FindAsync(db, linkId, cancellationToken);
        if (link.RevokedAt is not null)
        {
            return;
        }
        link.RevokedAt = time.GetUtcNow();
        link.RevokedByEmail = user.Identity?.Name;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.ShareLinkRevoked, $"Share link \"{link.Name}\" revoked", user, team.TeamId, cancellationToken: cancellationToken);
    }

    /// <summary>A new token for the same link: the old address stops working at once.</summary>
    public async Task<IssuedShareLink> RegenerateAsync(ClaimsPrincipal user, string teamSlug, int linkId, CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Editor, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var link = await FindAsync(db, linkId, cancellationToken);
        var now = time.GetUtcNow();
        if (link.RevokedAt is not null || link.ExpiresAt <= now)
        {
            throw new InvalidInputException("link", "A revoked or expired link cannot get a new address; create a new link.");
        }
        var token = ShareTokens.NewToken();
        link.TokenHash = ShareTokens.Hash(token);
        link.TokenIssuedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditKinds.ShareLinkRegenerated, $"Share link \"{link.Name}\" got a new address; the old one no longer works",
            user, team.TeamId, cancellationToken: cancellationToken);
        return new IssuedShareLink(Summary(link, now), token);
    }

    internal static Dictionary<string, string> Validate(ShareLinkInput input, IReadOnlyCollection<string> teamCampaigns)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name.Trim();
        if (name.Length == 0)
        {
            errors["name"] = "Give the link a name, e.g. who it is for.";
        }
        else if (name.Length > 100)
        {
            errors["name"] = "Use at most 100 characters.";
        }
        if (input.AllCampaigns)
        {
            if (input.CampaignIds.Count > 0)
            {
                errors["campaigns"] = "Either share every campaign or pick campaigns, not both.";
            }
        }
        else if (input.CampaignIds.Count == 0)
        {
            errors["campaigns"] = "Pick at least one campaign.";
        }
        else if (input.CampaignIds.Select(ShareLink.CampaignIdProblem).FirstOrDefault(p => p is not null) is { } problem)
        {
            errors["campaigns"] = problem;
        }
        else if (input.CampaignIds.FirstOrDefault(id => !teamCampaigns.Contains(id)) is { } unknown)
        {
            errors["campaigns"] = $"This team has no campaign {unknown}.";
        }
        if (input.Countries.Any(c => c.Trim().Length != 2 || !c.Trim().All(char.IsAsciiLetter)))
        {
            errors["countries"] = "Countries are two-letter codes such as US or DE.";
        }
        if (!input.Metrics.Any(MetricCatalogue.Keys.Contains))
        {
            errors["metrics"] = "Pick at least one metric to show.";
        }
        else if (input.Metrics.FirstOrDefault(m => !MetricCatalogue.Keys.Contains(m)) is { } odd)
        {
            errors["metrics"] = $"Unknown metric {odd}.";
        }
        if (input.RollingDays is { } days)
        {
            if (days is < 1 or > MaxRollingDays)
            {
                errors["dates"] = $"A rolling window is 1 to {MaxRollingDays} days.";
            }
        }
        else if (input.From is not { } from || input.To is not { } to || to < from)
        {
            errors["dates"] = "Pick a start date on or before the end date.";
        }
        if (input.ExpiresInDays is < 1 or > MaxExpiryDays)
        {
            errors["expires"] = $"A link lasts 1 to {MaxExpiryDays} days.";
        }
        return errors;
    }

    private static async Task<ShareLink> FindAsync(AppDbContext db, int linkId, CancellationToken cancellationToken) =>
        await db.ShareLinks.SingleOrDefaultAsync(l => l.Id == linkId, cancellationToken)
        ?? throw new NotFoundException("There is no such share link in this team.");

    internal static ShareLinkSummary Summary(ShareLink l, DateTimeOffset now) => new(l.Id, l.Name, l.AllCampaigns, l.CampaignIds,
        l.AllCountries, l.CountryCodes, ShareLink.Split(l.Metrics), l.RollingDays, l.FixedFrom, l.FixedTo, l.ViewerMayChangeDates, l.AllowCsv,
        l.CreatedByEmail, l.CreatedAt, l.ExpiresAt, l.RevokedAt, l.LastUsedAt, l.ViewCount,
        l.RevokedAt is not null ? ShareLinkState.Revoked : l.ExpiresAt <= now ? ShareLinkState.Expired : ShareLinkState.Active);

}
