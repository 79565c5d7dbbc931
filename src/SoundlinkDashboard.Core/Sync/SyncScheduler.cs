using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Sync;

/// <summary>Starts the runs that are due (every IntervalMinutes per campaign), at most MaxConcurrentRuns at once.</summary>
public sealed class SyncScheduler(IDbContextFactory<AppDbContext> contexts, SyncRunner runner, SyncOptions options, TimeProvider time,
    ILogger<SyncScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.SchedulerEnabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            do
            {
                try
                {
                    foreach (var campaignKey in await DueAsync(stoppingToken))
                    {
                        if (!runner.IsRunning(campaignKey))
                        {
                            // Not awaited here: runs end through SyncShutdown when the host stops.
                            _ = runner.RunAsync(campaignKey, SyncTrigger.Schedule, stoppingToken);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "The sync scheduler could not plan runs");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task<List<int>> DueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Campaigns.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.ApiKeyId != null && c.SyncState != SyncState.Stopped)
            .Select(c => new { c.Id, c.NextSyncAt, c.ApiKeyId })
            .ToListAsync(cancellationToken);
        var brokenKeys = (await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Problem != null).Select(k => k.Id).ToListAsync(cancellationToken)).ToHashSet();
        return candidates
            .Where(c => (c.NextSyncAt is null || c.NextSyncAt <= now) && !brokenKeys.Contains(c.ApiKeyId!.Value))
            .OrderBy(c => c.NextSyncAt ?? DateTimeOffset.MinValue)
            .Select(c => c.Id)
            .ToList();
    }
}

