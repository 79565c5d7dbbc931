using Microsoft.AspNetCore.Identity;

namespace SoundlinkDashboard.Core.Accounts;

/// <summary>A person who signs in. The email is also the user name.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>Site admins create teams and users; they see a team's data only as its members.</summary>
    public bool IsSiteAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
