namespace SoundlinkDashboard.Core.Audit;

/// <summary>A security event. Team events are readable by the team's owners; all of them by site admins.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public int? TeamId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorUserId { get; set; }
    public string? ActorEmail { get; set; }
    public required string Kind { get; set; }
    public required string Detail { get; set; }
}

public static class AuditKinds
{
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignedIn = "signed-in";
    public const string SetupCompleted = "setup-completed";
    public const string UserCreated = "user-created";
    public const string UserDeleted = "user-deleted";
    public const string AdminChanged = "admin-changed";
    public const string PasswordResetIssued = "password-reset-issued";
    public const string PasswordChanged = "password-changed";
    public const string PasswordChangeFailed = "password-change-failed";
    public const string SignedOutEverywhere = "signed-out-everywhere";
    public const string TeamCreated = "team-created";
    public const string MemberAdded = "member-added";
    public const string MemberRoleChanged = "member-role-changed";
    public const string MemberRemoved = "member-removed";
    public const string KeyAdded = "key-added";
    public const string KeyChanged = "key-changed";
    public const string KeyReplaced = "key-replaced";
    public const string KeyRemoved = "key-removed";
    public const string ShareLinkCreated = "share-link-created";
    public const string ShareLinkRevoked = "share-link-revoked";
    public const string ShareLinkRegenerated = "share-link-regenerated";
    /// <summary>A member was removed and the share links they made were revoked with them.</summary>
    public const string MemberShareLinksRevoked = "member-share-links-revoked";
    /// <summary>A member was removed and the share links they made were kept working.</summary>
    public const string MemberShareLinksKept = "member-share-links-kept";
}
