using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace SoundlinkDashboard.Components.Shared;

/// <summary>
/// A small decorative Material icon as MudIcon draws it, rendered into the caller's own markup: not a component, as
/// every component instance (MudIcon's parameter machinery included) stays in each circuit's memory.
/// </summary>
public static class Glyph
{
    /// <param name="icon">One of MudBlazor's <c>Icons.Material.*</c> strings (SVG content).</param>
    public static RenderFragment Of(string icon) => builder => Write(builder, icon, SmallClass);

    /// <summary>At MudIcon's medium size (navigation, buttons).</summary>
    public static RenderFragment Medium(string icon) => builder => Write(builder, icon, MediumClass);

    private static void Write(RenderTreeBuilder builder, string icon, string cssClass)
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", cssClass);
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    }

    private const string SmallClass = "mud-icon-root mud-svg-icon mud-inherit-text mud-icon-size-small";
    private const string MediumClass = "mud-icon-root mud-svg-icon mud-inherit-text mud-icon-size-medium";
}
