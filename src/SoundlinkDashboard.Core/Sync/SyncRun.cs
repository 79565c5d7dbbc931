using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Sync;

public enum SyncTrigger
{
    Schedule = 0,
    Manual = 1,
    Cli = 2,
}

public enum SyncOutcome
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
}

/// <summary>One sync run of one campaign: what it fetched, what the rows did, and why it failed if it did.</summary>
public sealed class SyncRun : ITeamOwned
{
    public long Id { get; set; }
    public int TeamId { get; set; }
    public int CampaignKey { get; set; }
    public SyncTrigger Trigger { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateOnly WindowFrom { get; set; }
    public DateOnly WindowTo { get; set; }
    public int Slices { get; set; }
    public int SlicesDone { get; set; }
    public long RowsRead { get; set; }
    public long Inserted { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Rejected { get; set; }

    /// <summary>Rejected lines by kind (<see cref="Ingest.RejectKind"/>), as JSON: {"other_campaign": 3, ...}.</summary>
    public string? RejectedKinds { get; set; }

    /// <summary>Slices fetched again inside this run because their stream broke or came up short.</summary>
    public int SliceRetries { get; set; }

    public SyncOutcome Outcome { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? RequestId { get; set; }
    public int? HttpStatus { get; set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;
}

/// <summary>Who is syncing a campaign right now, across processes and hosts (see <see cref="SyncLeases"/>).</summary>
public sealed class SyncLease
{
    public int CampaignKey { get; set; }
    public required string Holder { get; set; }

    /// <summary>Unix milliseconds; past it, anyone may take the lease.</summary>
    public long ExpiresAt { get; set; }
}
