using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace SoundlinkDashboard.Components.Shared;

/// <summary>
/// A small decorative Material icon as MudIcon draws it, without MudIcon's parameter machinery: for markup repeated
/// many times on a page (KPI cards), where every component instance stays in each circuit's memory.
/// </summary>
public sealed class Glyph : ComponentBase
{
    /// <summary>One of MudBlazor's <c>Icons.Material.*</c> strings (SVG content).</summary>
    [Parameter, EditorRequired] public string Icon { get; set; } = "";

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", "mud-icon-root mud-svg-icon mud-inherit-text mud-icon-size-small");
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, Icon);
        builder.CloseElement();
    }
}
