using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Campaigns;

/// <summary>
/// A Soundlink campaign as seen in a team's data. Campaign-level fields live here, not on every metric row;
/// the name and targets follow the newest export.
/// </summary>
public sealed class Campaign : ITeamOwned
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public Team? Team { get; set; }
    public required string Provider { get; set; }
    public required string AccountId { get; set; }
    public required string CampaignId { get; set; }
    public required string Name { get; set; }
    public string? TargetType { get; set; }
    public string? TargetIsrc { get; set; }
    public string? TargetSpotifyTrackId { get; set; }
    public string? TargetPlaylistId { get; set; }
    public DateOnly? FirstReportDate { get; set; }
    public DateOnly? LastReportDate { get; set; }
    /// <summary>exported_at of the row the name and targets were taken from.</summary>
    public DateTimeOffset? NameExportedAt { get; set; }

    // Sync registration: set when the campaign is synced from the API under one of the team's keys.
    public int? ApiKeyId { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }
    /// <summary>A readable label from the API (artist and track) until rows bring the campaign name.</summary>
    public string? ApiLabel { get; set; }
    public string? ApiStatus { get; set; }
    public decimal? DailyBudget { get; set; }
    /// <summary>First date to fetch: the campaign's creation date.</summary>
    public DateOnly? SyncFrom { get; set; }
    /// <summary>Every date up to here has been fetched at least once; moves only when a slice commits.</summary>
    public DateOnly? SyncedThrough { get; set; }
    public SyncState SyncState { get; set; }
    public string? SyncProblem { get; set; }
    public DateTimeOffset? LastSyncAt { get; set; }
    public DateTimeOffset? NextSyncAt { get; set; }
}

public enum SyncState
{
    NotSynced = 0,
    Ok = 1,
    /// <summary>The last run failed with a passing fault; the schedule tries again.</summary>
    Failing = 2,
    /// <summary>The key or the campaign is unusable (401/403/404); no more runs until someone fixes it.</summary>
    Stopped = 3,
}
