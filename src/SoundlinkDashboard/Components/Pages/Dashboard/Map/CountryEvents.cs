using Microsoft.AspNetCore.Components;

namespace SoundlinkDashboard.Components.Pages.Dashboard.Map;

/// <summary>A click or key press inside the map, with the <c>data-code</c> of the country shape it happened on (null elsewhere).</summary>
public sealed class CountryEventArgs : EventArgs
{
    public string? Code { get; set; }

    /// <summary>The key pressed (<c>KeyboardEvent.key</c>); null for a click.</summary>
    public string? Key { get; set; }
}

/// <summary>
/// The map's two events, made by wwwroot/js/events.js from the browser's click and keydown. The map listens once on its
/// SVG instead of on every shape: a handler per shape cost every circuit an event binding, a closure and two render-tree
/// frames per country with data. (The Razor compiler looks for these attributes on classes named EventHandlers only.)
/// </summary>
[EventHandler("oncountryclick", typeof(CountryEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
[EventHandler("oncountrykey", typeof(CountryEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers;
