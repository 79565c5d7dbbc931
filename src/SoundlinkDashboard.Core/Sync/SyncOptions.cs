namespace SoundlinkDashboard.Core.Sync;

/// <summary>The "Sync" configuration section.</summary>
public sealed class SyncOptions
{
    public const int MinimumLookbackDays = 8;

    /// <summary>Where Soundlink answers when a key names no base URL of its own.</summary>
    public string DefaultBaseUrl { get; set; } = "https://api.getsoundlink.com";

    /// <summary>How often the scheduler syncs each campaign.</summary>
    public int IntervalMinutes { get; set; } = 60;

    /// <summary>Closed days re-fetched by every incremental run (revisions arrive for 7 days; Soundlink's connector uses 10).</summary>
    public int LookbackDays { get; set; } = 10;

    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>Turns the background scheduler off (the CLI and tests run syncs themselves).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    public int EffectiveLookbackDays => Math.Max(MinimumLookbackDays, LookbackDays);
}
