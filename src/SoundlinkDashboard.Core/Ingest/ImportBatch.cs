namespace SoundlinkDashboard.Core.Ingest;

public sealed class ImportBatch : SoundlinkDashboard.Core.Store.ITeamOwned
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public required string FileName { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long LinesRead { get; set; }
    public long Inserted { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Rejected { get; set; }
}

public sealed class RejectedLine
{
    public long Id { get; set; }
    public int BatchId { get; set; }
    public ImportBatch? Batch { get; set; }
    public long LineNumber { get; set; }
    public required string Reason { get; set; }
    public required string Excerpt { get; set; }
}
