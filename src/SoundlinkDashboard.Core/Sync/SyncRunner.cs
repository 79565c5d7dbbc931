using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Soundlink.Client.Api;
using Soundlink.Client.Export;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Sync;

public sealed record SyncRunResult(long? RunId, SyncOutcome Outcome, string? ErrorCode, string? Message,
    long RowsRead, long Inserted, long Updated, long Unchanged, long Rejected)
{
    public static SyncRunResult Refused(string code, string message) => new(null, SyncOutcome.Failed, code, message, 0, 0, 0, 0, 0);
}

/// <summary>
/// Runs the sync of one campaign: plans 90-day slices (backfill from the campaign's start, then the revision
/// window up to today), fetches each, and commits each slice's rows with the campaign's progress in one
/// transaction through the one upsert path. One run per campaign at a time, in this process (callers share
/// the running task) and across processes (a lease row).
/// </summary>
public sealed class SyncRunner(SqliteStore store, IDbContextFactory<AppDbContext> contexts, SoundlinkClients clients, KeyVault vault,
    SyncOptions options, SyncProgress progress, TimeProvider time, ILogger<SyncRunner> logger)
{
    // Renewed after every slice; a crashed process blocks its campaign for at most this long.
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<int, Lazy<Task<SyncRunResult>>> _running = new();
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrentRuns));
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly CancellationTokenSource _stopping = new();

    public bool IsRunning(int campaignKey) => _running.ContainsKey(campaignKey);

    /// <summary>Starts a run, or joins the one already running for this campaign.</summary>
    public Task<SyncRunResult> RunAsync(int campaignKey, SyncTrigger trigger, CancellationToken cancellationToken = default)
    {
        // On the thread pool: a run never captures its starter's context (a circuit, a test framework), so nothing that
        // blocks that context while waiting for runs to end (shutdown) can deadlock with them.
        var run = _running.GetOrAdd(campaignKey, key => new Lazy<Task<SyncRunResult>>(() =>
            Task.Run(() => RunGuardedAsync(key, trigger, cancellationToken), CancellationToken.None)));
        return run.Value;
    }

    /// <summary>
    /// Shutdown: stops every run of this process at its next step and waits for them (at most until
    /// <paramref name="cancellationToken"/>). A slice being fetched is dropped; one being written commits or rolls back whole.
    /// </summary>
    public async Task StopAllAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var runs = _running.Values.Select(r => r.Value).ToArray();
        if (runs.Length > 0)
        {
            logger.LogInformation("Stopping {Count} sync run(s) for shutdown", runs.Length);
        }
        try
        {
            // Waits for each run's end, whatever its outcome (a stopped run ends as cancelled).
            await Task.WhenAll(runs.Select(r => r.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Shutdown did not wait for every sync run to end; their open slices roll back");
        }
    }

    private async Task<SyncRunResult> RunGuardedAsync(int campaignKey, SyncTrigger trigger, CancellationToken callerToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _stopping.Token);
        var cancellationToken = linked.Token;
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                return await RunCoreAsync(campaignKey, trigger, cancellationToken);
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            _running.TryRemove(campaignKey, out _);
        }
    }

    private async Task<SyncRunResult> RunCoreAsync(int campaignKey, SyncTrigger trigger, CancellationToken cancellationToken)
    {
        Campaign campaign;
        ApiKey? key;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            campaign = await db.Campaigns.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignKey, cancellationToken)
                ?? throw new InvalidOperationException($"No campaign with key {campaignKey}.");
            key = campaign.ApiKeyId is { } keyId
                ? await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken)
                : null;
        }
        if (key is null)
        {
            return SyncRunResult.Refused("not_registered", "This campaign is not registered under an API key of the team.");
        }
        if (!await TryLeaseAsync(campaignKey, cancellationToken))
        {
            return SyncRunResult.Refused("already_running", "Another process is syncing this campaign right now.");
        }

        var slices = Plan(campaign);
        var run = new SyncRun
        {
            TeamId = campaign.TeamId,
            CampaignKey = campaignKey,
            Trigger = trigger,
            StartedAt = time.GetUtcNow(),
            WindowFrom = slices[0].From,
            WindowTo = slices[^1].To,
            Slices = slices.Count,
            Outcome = SyncOutcome.Running,
        };
        await SaveRunAsync(run, cancellationToken);
        logger.LogInformation("Sync run {RunId} of campaign {CampaignId} (team {TeamId}) started: {From}..{To} in {Slices} slices",
            run.Id, campaign.CampaignId, campaign.TeamId, run.WindowFrom, run.WindowTo, slices.Count);
        progress.Report(new SyncProgressInfo(campaignKey, campaign.TeamId, slices.Count, 0, 0, run.WindowFrom, run.WindowTo));
        try
        {
            var connection = vault.Connection(key);
            foreach (var (from, to) in slices)
            {
                var lines = new List<RowReadResult>();
                var slice = await clients.Create().ExportAsync(connection, campaign.CampaignId, from, to, line =>
                {
                    lines.Add(line);
                    return ValueTask.CompletedTask;
                }, cancellationToken);
                // The slice is complete (its line count matched X-Row-Count): now it commits whole, with the progress marker.
                var result = await CommitSliceAsync(campaign, from, to, lines, cancellationToken);
                run.SlicesDone++;
                run.RowsRead += result.Read;
                run.Inserted += result.Counts.Inserted;
                run.Updated += result.Counts.Updated;
                run.Unchanged += result.Counts.Unchanged;
                run.Rejected += result.RejectedCount;
                run.RequestId = slice.RequestId;
                await SaveRunAsync(run, cancellationToken);
                await RenewLeaseAsync(campaignKey, cancellationToken);
                progress.Report(new SyncProgressInfo(campaignKey, campaign.TeamId, slices.Count, run.SlicesDone, run.RowsRead, run.WindowFrom, run.WindowTo));
            }
            run.Outcome = SyncOutcome.Succeeded;
            run.FinishedAt = time.GetUtcNow();
            await SaveRunAsync(run, cancellationToken);
            await SetCampaignStateAsync(campaignKey, SyncState.Ok, null, cancellationToken);
            logger.LogInformation("Sync run {RunId} succeeded: {Read} rows read, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
                run.Id, run.RowsRead, run.Inserted, run.Updated, run.Unchanged, run.Rejected);
        }
        catch (SoundlinkApiException ex)
        {
            run.Outcome = SyncOutcome.Failed;
            run.FinishedAt = time.GetUtcNow();
            run.ErrorCode = ex.Code;
            run.ErrorMessage = ex.ApiMessage;
            run.RequestId = ex.RequestId ?? run.RequestId;
            run.HttpStatus = ex.Status == 0 ? null : ex.Status;
            await SaveRunAsync(run, CancellationToken.None);
            await RecordFailureAsync(campaign, key, ex);
            logger.LogWarning("Sync run {RunId} of campaign {CampaignId} failed: {Code} {Message} (requestId {RequestId})",
                run.Id, campaign.CampaignId, ex.Code, ex.ApiMessage, ex.RequestId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Outcome = SyncOutcome.Failed;
            run.FinishedAt = time.GetUtcNow();
            run.ErrorCode = "internal_error";
            run.ErrorMessage = ex.Message;
            await SaveRunAsync(run, CancellationToken.None);
            await SetCampaignStateAsync(campaignKey, SyncState.Failing, $"internal_error: {ex.Message}", CancellationToken.None);
            logger.LogError(ex, "Sync run {RunId} of campaign {CampaignId} failed", run.Id, campaign.CampaignId);
        }
        catch (OperationCanceledException)
        {
            run.Outcome = SyncOutcome.Failed;
            run.FinishedAt = time.GetUtcNow();
            run.ErrorCode = "cancelled";
            run.ErrorMessage = "The run was stopped (shutdown); the next run continues from the last committed slice.";
            await SaveRunAsync(run, CancellationToken.None);
            throw;
        }
        finally
        {
            progress.End(campaignKey);
            await ReleaseLeaseAsync(campaignKey);
        }
        return new SyncRunResult(run.Id, run.Outcome, run.ErrorCode,
            run.ErrorMessage is null ? null : $"{run.ErrorCode}: {run.ErrorMessage}{(run.RequestId is null ? "" : $" (requestId {run.RequestId})")}",
            run.RowsRead, run.Inserted, run.Updated, run.Unchanged, run.Rejected);
    }

    /// <summary>Backfill from the campaign's start, or re-fetch the lookback window; 90 inclusive days a slice, up to today (UTC).</summary>
    internal List<(DateOnly From, DateOnly To)> Plan(Campaign campaign)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var start = campaign.SyncFrom ?? today;
        var from = campaign.SyncedThrough is { } through ? Max(start, through.AddDays(-options.EffectiveLookbackDays)) : start;
        if (from > today)
        {
            from = today;
        }
        var slices = new List<(DateOnly, DateOnly)>();
        for (var day = from; day <= today; day = day.AddDays(SoundlinkClient.MaxExportDays))
        {
            var end = day.AddDays(SoundlinkClient.MaxExportDays - 1);
            slices.Add((day, end < today ? end : today));
        }
        return slices;
    }

    private async Task<ImportResult> CommitSliceAsync(Campaign campaign, DateOnly from, DateOnly to, List<RowReadResult> lines,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        ImportResult result;
        using (var batch = IngestBatch.Begin(connection, transaction, campaign.TeamId, $"sync {campaign.CampaignId} {from:yyyy-MM-dd}..{to:yyyy-MM-dd}", time))
        {
            foreach (var line in lines)
            {
                batch.Add(line);
            }
            result = batch.Finish();
        }
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE Campaigns SET SyncedThrough = CASE WHEN SyncedThrough IS NULL OR SyncedThrough < $to THEN $to ELSE SyncedThrough END
                WHERE Id = $id
                """;
            command.Parameters.AddWithValue("$to", to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$id", campaign.Id);
            command.ExecuteNonQuery();
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task RecordFailureAsync(Campaign campaign, ApiKey key, SoundlinkApiException ex)
    {
        var problem = KeyVault.Describe(ex);
        if (ex.IsKeyProblem || ex.IsScopeProblem || ex.Code == KeyVault.BaseUrlRefused)
        {
            // The key is unusable: stop every campaign synced with it until an owner fixes the key. No retries.
            await using var db = await contexts.CreateDbContextAsync();
            var stored = await db.ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Id == key.Id);
            stored.Problem = problem;
            stored.CheckedAt = time.GetUtcNow();
            foreach (var other in await db.Campaigns.IgnoreQueryFilters().Where(c => c.ApiKeyId == key.Id).ToListAsync())
            {
                other.SyncState = SyncState.Stopped;
                other.SyncProblem = $"The key \"{key.Name}\" is not usable: {problem}";
            }
            await db.SaveChangesAsync();
        }
        else if (ex.IsCampaignProblem)
        {
            await SetCampaignStateAsync(campaign.Id, SyncState.Stopped, $"Soundlink does not know this campaign for the key: {problem}", CancellationToken.None);
        }
        else
        {
            await SetCampaignStateAsync(campaign.Id, SyncState.Failing, problem, CancellationToken.None);
        }
    }

    private async Task SetCampaignStateAsync(int campaignKey, SyncState state, string? problem, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.IgnoreQueryFilters().SingleAsync(c => c.Id == campaignKey, cancellationToken);
        var now = time.GetUtcNow();
        campaign.SyncState = state;
        campaign.SyncProblem = problem;
        campaign.LastSyncAt = now;
        campaign.NextSyncAt = state == SyncState.Stopped ? null : now.AddMinutes(options.IntervalMinutes);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SaveRunAsync(SyncRun run, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (run.Id == 0)
        {
            db.SyncRuns.Add(run);
        }
        else
        {
            db.SyncRuns.Update(run);
        }
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(run).State = EntityState.Detached;
    }

    private async Task<bool> TryLeaseAsync(int campaignKey, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        if (await WriteLeaseAsync(connection, campaignKey, cancellationToken))
        {
            return true;
        }
        // A lease of a process of this machine that is gone (killed, crashed) is taken over at once.
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT Holder FROM SyncLeases WHERE CampaignKey = $k";
        read.Parameters.AddWithValue("$k", campaignKey);
        if (await read.ExecuteScalarAsync(cancellationToken) is not string holder || !IsDeadLocalHolder(holder))
        {
            return false;
        }
        await using var steal = connection.CreateCommand();
        steal.CommandText = "DELETE FROM SyncLeases WHERE CampaignKey = $k AND Holder = $h";
        steal.Parameters.AddWithValue("$k", campaignKey);
        steal.Parameters.AddWithValue("$h", holder);
        await steal.ExecuteNonQueryAsync(cancellationToken);
        logger.LogWarning("Took over the sync lease of campaign {CampaignKey} from {Holder}, a process that is gone", campaignKey, holder);
        return await WriteLeaseAsync(connection, campaignKey, cancellationToken);
    }

    private async Task<bool> WriteLeaseAsync(SqliteConnection connection, int campaignKey, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO SyncLeases (CampaignKey, Holder, ExpiresAt) VALUES ($k, $h, $e)
            ON CONFLICT (CampaignKey) DO UPDATE SET Holder = excluded.Holder, ExpiresAt = excluded.ExpiresAt
            WHERE SyncLeases.ExpiresAt < $now OR SyncLeases.Holder = excluded.Holder
            """;
        var now = time.GetUtcNow();
        command.Parameters.AddWithValue("$k", campaignKey);
        command.Parameters.AddWithValue("$h", _holder);
        command.Parameters.AddWithValue("$e", (now + LeaseTime).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static bool IsDeadLocalHolder(string holder)
    {
        var parts = holder.Split('/');
        if (parts.Length != 3 || parts[0] != Environment.MachineName ||
            !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }
        if (pid == Environment.ProcessId)
        {
            // This process: a run that ended without releasing (it always releases), or another runner instance.
            return false;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private Task RenewLeaseAsync(int campaignKey, CancellationToken cancellationToken) => TryLeaseAsync(campaignKey, cancellationToken);

    private async Task ReleaseLeaseAsync(int campaignKey)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM SyncLeases WHERE CampaignKey = $k AND Holder = $h";
        command.Parameters.AddWithValue("$k", campaignKey);
        command.Parameters.AddWithValue("$h", _holder);
        await command.ExecuteNonQueryAsync();
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
