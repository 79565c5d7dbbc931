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
        var running = new List<Task>();
        do
        {
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                foreach (var campaignKey in await DueAsync(stoppingToken))
                {
                    if (!runner.IsRunning(campaignKey))
                    {
                        running.Add(runner.RunAsync(campaignKey, SyncTrigger.Schedule, stoppingToken));
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The sync scheduler could not plan runs");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
        await Task.WhenAll(running);
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

