namespace SoundlinkDashboard.Core.Store;

/// <summary>
/// Data that belongs to one team. A global query filter shows such rows only through a context opened for
/// that team (<see cref="TeamDbContextFactoryExtensions.CreateForTeamAsync"/>); other code must say
/// IgnoreQueryFilters() out loud.
/// </summary>
public interface ITeamOwned
{
    int TeamId { get; }
}
