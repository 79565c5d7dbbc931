using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Teams;

/// <summary>Per team: Owner (keys, members, share links, delete team), Editor (campaigns, sync, share links), Viewer (read).</summary>
public enum TeamRole
{
    Viewer = 1,
    Editor = 2,
    Owner = 3,
}

public sealed class TeamMembership : ITeamOwned
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public Team? Team { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public TeamRole Role { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}
