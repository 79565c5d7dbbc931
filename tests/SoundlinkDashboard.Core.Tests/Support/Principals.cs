using System.Security.Claims;
using SoundlinkDashboard.Core.Accounts;

namespace SoundlinkDashboard.Tests.Support;

public static class Principals
{
    /// <summary>A signed-in user as the app's cookie gives it: the user id and the email, nothing about teams.</summary>
    public static ClaimsPrincipal For(AppUser user) =>
        new(new ClaimsIdentity([new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.Email!)], "test"));

    /// <summary>Nobody signed in.</summary>
    public static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());
}
