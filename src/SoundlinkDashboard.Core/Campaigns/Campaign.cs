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
}
