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
    /// <summary>Campaign ids, one per line (never empty).</summary>
    public required string CampaignIds { get; set; }
    /// <summary>Country codes, one per line; empty means every country of the campaigns.</summary>
    public string Countries { get; set; } = "";
    /// <summary>Dashboard metric keys (<see cref="ShareMetrics.Keys"/>), one per line (never empty).</summary>
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

    internal static string Join(IEnumerable<string> values) => string.Join('\n', values);

    internal static IReadOnlyList<string> Split(string values) =>
        values.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The dashboard metrics a link can pin (the KPI keys of the web dashboard).</summary>
public static class ShareMetrics
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "spend_media", "spend_total", "fees", "impressions", "ad_clicks", "link_clicks", "streams", "listeners", "followers",
        "cpl", "cpf", "cpc_linkclick", "ctr_linkclick", "ctr_adclick", "streams_per_listener",
    ];
}
