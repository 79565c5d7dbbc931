using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Sharing;

/// <summary>
/// A read-only link to a team's dashboard for someone without an account. Only the SHA-256 of its token is
/// stored; the pinned scope (campaigns, countries, metrics, dates) is all the link ever shows.
/// </summary>
public sealed class ShareLink : ITeamOwned
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public required string Name { get; set; }
    public required byte[] TokenHash { get; set; }
    /// <summary>
    /// Every campaign of the team, said explicitly. When false the link shows <see cref="Campaigns"/> only, and
    /// nothing at all once none of them exists any more: an empty list never widens a link.
    /// </summary>
    public bool AllCampaigns { get; set; }
    /// <summary>The pinned campaigns, one row each in ShareLinkCampaigns (never text to split).</summary>
    public List<ShareLinkCampaign> Campaigns { get; set; } = [];
    /// <summary>Every country of the campaigns, said explicitly; when false only <see cref="Countries"/>.</summary>
    public bool AllCountries { get; set; }
    /// <summary>The pinned countries, one row each in ShareLinkCountries.</summary>
    public List<ShareLinkCountry> Countries { get; set; } = [];
    /// <summary>Dashboard metric keys (<see cref="SoundlinkDashboard.Core.Metrics.MetricCatalogue.Keys"/>), one per line (never empty).</summary>
    public required string Metrics { get; set; }
    /// <summary>Set for a rolling window: the last this-many days up to today (UTC). Else From and To are fixed.</summary>
    public int? RollingDays { get; set; }
    public DateOnly? FixedFrom { get; set; }
    public DateOnly? FixedTo { get; set; }
    public bool ViewerMayChangeDates { get; set; }
    public bool AllowCsv { get; set; }
    public required string CreatedByUserId { get; set; }
    public string? CreatedByEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedByEmail { get; set; }
    public DateTimeOffset? TokenIssuedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public long ViewCount { get; set; }

    public const int MaxCampaignIdLength = 200;

    /// <summary>Metric keys only (a fixed list of plain names): campaign and country scope are rows, not text.</summary>
    internal static string Join(IEnumerable<string> values) => string.Join('\n', values);

    internal static IReadOnlyList<string> Split(string values) =>
        values.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The pinned campaign ids as stored, in the order they were picked.</summary>
    public IReadOnlyList<string> CampaignIds => Campaigns.Select(c => c.CampaignId).ToList();

    public IReadOnlyList<string> CountryCodes => Countries.Select(c => c.CountryCode).ToList();

    /// <summary>
    /// Why a campaign id cannot be pinned (blank, a control character, over <see cref="MaxCampaignIdLength"/>), or null.
    /// Such an id could not be told apart from no id or from several.
    /// </summary>
    public static string? CampaignIdProblem(string? id) => id switch
    {
        null or { Length: 0 } => "A campaign id is empty.",
        _ when string.IsNullOrWhiteSpace(id) => "A campaign id is blank.",
        { Length: > MaxCampaignIdLength } => $"A campaign id is longer than {MaxCampaignIdLength} characters.",
        _ when id.Any(char.IsControl) => "A campaign id contains a control character (such as a line break).",
        _ => null,
    };
}

/// <summary>One campaign a share link pins (by the campaign's id within the link's team).</summary>
public sealed class ShareLinkCampaign
{
    public required string CampaignId { get; set; }
}

/// <summary>One country a share link pins (ISO 3166-1 alpha-2, upper case).</summary>
public sealed class ShareLinkCountry
{
    public required string CountryCode { get; set; }
}
