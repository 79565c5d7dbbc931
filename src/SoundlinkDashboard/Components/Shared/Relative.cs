namespace SoundlinkDashboard.Components.Shared;

/// <summary>"12 min ago", "in 40 min": times as people read them.</summary>
public static class Relative
{
    public static string Describe(DateTimeOffset at, DateTimeOffset now)
    {
        var delta = now - at;
        var future = delta < TimeSpan.Zero;
        var span = future ? -delta : delta;
        var text = span.TotalSeconds < 60 ? "less than a minute"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} days";
        return span.TotalSeconds < 60 ? (future ? "in a moment" : "just now") : future ? $"in {text}" : $"{text} ago";
    }
}
