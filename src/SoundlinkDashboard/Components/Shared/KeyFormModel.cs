using SoundlinkDashboard.Core.Keys;

namespace SoundlinkDashboard.Components.Shared;

public enum KeyFormMode
{
    Add,
    Edit,
    Replace,
}

public sealed class KeyFormModel
{
    public string Name { get; set; } = "";
    public string Secret { get; set; } = "";
    public KeyHeaderStyle HeaderStyle { get; set; } = KeyHeaderStyle.XApiKey;
    public string? BaseUrl { get; set; }

    /// <summary>The stored key's base URL when editing: a different one needs the secret again.</summary>
    public string? OriginalBaseUrl { get; init; }

    public bool BaseUrlChanged => !string.Equals(KeyRules.NormalizeBaseUrl(BaseUrl), KeyRules.NormalizeBaseUrl(OriginalBaseUrl),
        StringComparison.OrdinalIgnoreCase);
}
