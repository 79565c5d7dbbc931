using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace SoundlinkDashboard.Components.Shared;

/// <summary>
/// A small decorative Material icon as MudIcon draws it: one piece of markup shared by every circuit, rendered into the
/// caller's tree as a single frame. Not a component, as every component instance (MudIcon's parameter machinery
/// included) stays in each circuit's memory.
/// </summary>
public static class Glyph
{
    private static readonly ConcurrentDictionary<(string Icon, string Size), string> Markup = new();

    /// <param name="icon">One of MudBlazor's <c>Icons.Material.*</c> strings (SVG content).</param>
    public static RenderFragment Of(string icon) => builder => builder.AddMarkupContent(0, Svg(icon, "small"));

    /// <summary>At MudIcon's medium size (navigation, buttons).</summary>
    public static RenderFragment Medium(string icon) => builder => builder.AddMarkupContent(0, Svg(icon, "medium"));

    /// <summary>The icon's markup: an svg with MudIcon's classes, hidden from screen readers.</summary>
    public static string Svg(string icon, string size) => Markup.GetOrAdd((icon, size), static key =>
        $"<svg class=\"mud-icon-root mud-svg-icon mud-inherit-text mud-icon-size-{key.Size}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{key.Icon}</svg>");
}
