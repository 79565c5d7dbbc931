using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Store;

/// <summary>
/// The EF model. Metric rows are not mapped: they are written by <see cref="MetricRowWriter"/> and read by
/// the metrics service with set-based SQL; their table is created by the migrations.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<RejectedLine> RejectedLines => Set<RejectedLine>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order EF's default DateTimeOffset text; Unix milliseconds sort and are
        // the same unit MetricRows.ExportedAt uses.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Team>(team =>
        {
            team.HasIndex(t => t.Slug).IsUnique();
            team.Property(t => t.Slug).HasMaxLength(64);
            team.Property(t => t.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Campaign>(campaign =>
        {
            campaign.HasIndex(c => new { c.TeamId, c.CampaignId }).IsUnique();
            campaign.HasOne(c => c.Team).WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ImportBatch>(batch =>
        {
            batch.HasIndex(b => b.TeamId);
            batch.HasOne<Team>().WithMany().HasForeignKey(b => b.TeamId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RejectedLine>(line =>
        {
            line.HasIndex(l => new { l.BatchId, l.LineNumber });
            line.HasOne(l => l.Batch).WithMany().HasForeignKey(l => l.BatchId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
