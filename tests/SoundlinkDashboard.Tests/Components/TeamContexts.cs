using System.Reflection;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Components;

/// <summary>
/// Team contexts for component tests. In the app only TeamAccess makes them (the constructor is internal to the
/// core), so a component test builds one through that constructor by reflection.
/// </summary>
public static class TeamContexts
{
    public static TeamContext Make(int teamId, string slug, string name, TeamRole role, string userId = "user-1")
    {
        var constructor = typeof(TeamContext).GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(c => c.GetParameters().Select(p => p.ParameterType).SequenceEqual(
                [typeof(int), typeof(string), typeof(string), typeof(TeamRole), typeof(string)]));
        return (TeamContext)constructor.Invoke([teamId, slug, name, role, userId]);
    }
}
