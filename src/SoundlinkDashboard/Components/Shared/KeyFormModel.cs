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
}
