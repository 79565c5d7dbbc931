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

    /// <summary>Runs at once in this process; one team holds at most all but one of them (see <see cref="SyncSlots"/>).</summary>
    public int MaxConcurrentRuns { get; set; } = 3;

    /// <summary>How often a slice whose stream broke or came up short (X-Row-Count) is fetched again inside the run.</summary>
    public int SliceRetries { get; set; } = 3;

    /// <summary>The first wait before fetching a broken slice again; it doubles with each retry (with jitter).</summary>
    public TimeSpan SliceRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where a slice's body is staged on disk before it commits (default: the system's temp folder).</summary>
    public string? StagingPath { get; set; }

    /// <summary>Turns the background scheduler off (the CLI and tests run syncs themselves).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    public int EffectiveLookbackDays => Math.Max(MinimumLookbackDays, LookbackDays);
}
