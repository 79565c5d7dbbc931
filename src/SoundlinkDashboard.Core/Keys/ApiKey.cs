using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Keys;

/// <summary>How the key is sent: Soundlink's <c>x-api-key</c> header (default) or <c>Authorization: Bearer</c>. Never both.</summary>
public enum KeyHeaderStyle
{
    XApiKey = 0,
    Bearer = 1,
}

/// <summary>A team's Soundlink API key. The secret is stored only encrypted (Data Protection, a purpose per team).</summary>
public sealed class ApiKey : ITeamOwned
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public required string Name { get; set; }
    public KeyHeaderStyle HeaderStyle { get; set; }
    public string? BaseUrl { get; set; }
    public required string Ciphertext { get; set; }
    /// <summary>The last four characters of the secret, the only part ever shown again.</summary>
    public required string Last4 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Why the key cannot be used (API code, message and requestId); null when it worked last time.</summary>
    public string? Problem { get; set; }
    public DateTimeOffset? CheckedAt { get; set; }
}
