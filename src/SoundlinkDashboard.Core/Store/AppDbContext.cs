using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Store;

/// <summary>
/// The EF model. Metric rows are not mapped: they are written by <see cref="MetricRowWriter"/> and read by
/// the metrics service with set-based SQL; their table is created by the migrations.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    /// <summary>The team whose <see cref="ITeamOwned"/> rows this context shows; null shows none of them.</summary>
    public int? ScopedTeamId { get; set; }

    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<RejectedLine> RejectedLines => Set<RejectedLine>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<SyncLease> SyncLeases => Set<SyncLease>();
    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order EF's default DateTimeOffset text; Unix milliseconds sort and are
        // the same unit MetricRows.ExportedAt uses.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<TeamMembership>(membership =>
        {
            membership.HasIndex(m => new { m.TeamId, m.UserId }).IsUnique();
            membership.HasIndex(m => m.UserId);
            membership.HasOne(m => m.Team).WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ApiKey>(key =>
        {
            key.HasIndex(k => new { k.TeamId, k.Name }).IsUnique();
            key.Property(k => k.Name).HasMaxLength(100);
            key.HasOne<Team>().WithMany().HasForeignKey(k => k.TeamId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SyncRun>(run =>
        {
            run.HasIndex(r => new { r.CampaignKey, r.Id });
            run.HasIndex(r => r.TeamId);
            run.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignKey).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SyncLease>(lease =>
        {
            lease.HasKey(l => l.CampaignKey);
            lease.HasOne<Campaign>().WithMany().HasForeignKey(l => l.CampaignKey).OnDelete(DeleteBehavior.Cascade);
        });
        // Campaigns.ApiKeyId has no database constraint (SQLite would rebuild the table to add one); KeyVault clears it.
        modelBuilder.Entity<Campaign>().HasIndex(c => c.ApiKeyId);
        modelBuilder.Entity<AuditEvent>(audit =>
        {
            audit.HasIndex(e => new { e.TeamId, e.Id });
            audit.HasOne<Team>().WithMany().HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.SetNull);
        });
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
        modelBuilder.Entity<ShareLink>(link =>
        {
            link.HasIndex(l => l.TokenHash).IsUnique();
            link.HasIndex(l => new { l.TeamId, l.Id });
            link.Property(l => l.Name).HasMaxLength(100);
            link.HasOne<Team>().WithMany().HasForeignKey(l => l.TeamId).OnDelete(DeleteBehavior.Cascade);
            link.Ignore(l => l.CampaignIds);
            link.Ignore(l => l.CountryCodes);
            // The pinned scope as rows: an id can hold any text and still never reads back as another id, or as none.
            link.OwnsMany(l => l.Campaigns, campaign =>
            {
                campaign.ToTable("ShareLinkCampaigns");
                campaign.WithOwner().HasForeignKey("ShareLinkId");
                campaign.Property(c => c.CampaignId).HasMaxLength(ShareLink.MaxCampaignIdLength);
                campaign.HasKey("ShareLinkId", nameof(ShareLinkCampaign.CampaignId));
            });
            link.OwnsMany(l => l.Countries, country =>
            {
                country.ToTable("ShareLinkCountries");
                country.WithOwner().HasForeignKey("ShareLinkId");
                country.Property(c => c.CountryCode).HasMaxLength(2);
                country.HasKey("ShareLinkId", nameof(ShareLinkCountry.CountryCode));
            });
        });
        ApplyTeamFilters(modelBuilder);
    }

    private void ApplyTeamFilters(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(ITeamOwned).IsAssignableFrom(e.ClrType)))
        {
            // e => (int?)e.TeamId == this.ScopedTeamId, evaluated per context instance.
            var row = Expression.Parameter(entity.ClrType, "e");
            var body = Expression.Equal(
                Expression.Convert(Expression.Property(row, nameof(ITeamOwned.TeamId)), typeof(int?)),
                Expression.Property(Expression.Constant(this), nameof(ScopedTeamId)));
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(Expression.Lambda(body, row));
        }
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
