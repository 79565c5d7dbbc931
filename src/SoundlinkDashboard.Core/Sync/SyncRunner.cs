using System.Collections.Concurrent;
using System.Text.Json;
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
/// window up to today), downloads each to a staging file under the client's limits, and commits each slice's
/// rows with the campaign's progress in one transaction through the one upsert path, keeping only rows of the
/// campaign and window it asked for. A slice whose stream broke or came up short is fetched again a few times
/// before the run fails. One run per campaign at a time, in this process (callers share the running task) and
/// across processes and hosts (<see cref="SyncLeases"/>, checked again at every commit); runs share this process's
/// slots fairly between teams (<see cref="SyncSlots"/>).
/// </summary>
public sealed class SyncRunner(SqliteStore store, IDbContextFactory<AppDbContext> contexts, SoundlinkClients clients, KeyVault vault,
    SyncOptions options, SyncProgress progress, SyncLeases leases, TimeProvider time, ILogger<SyncRunner> logger)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<SyncRunResult>>> _running = new();
    private readonly SyncSlots _slots = new(options.MaxConcurrentRuns);
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
            int teamId;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                teamId = await db.Campaigns.IgnoreQueryFilters().Where(c => c.Id == campaignKey).Select(c => c.TeamId).SingleOrDefaultAsync(cancellationToken);
            }
            using (await _slots.AcquireAsync(teamId, trigger != SyncTrigger.Schedule, cancellationToken))
            {
                return await RunCoreAsync(campaignKey, trigger, cancellationToken);
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
        if (!await leases.TryAcquireAsync(campaignKey, cancellationToken))
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
        var rejectedKinds = new SortedDictionary<string, long>(StringComparer.Ordinal);
        // The lease is renewed on a timer while the run lives; losing it cancels the run wherever it is.
        using var leaseLost = new CancellationTokenSource();
        using var runToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseLost.Token);
        var keeper = leases.Keep(campaignKey, () => leaseLost.Cancel());
        try
        {
            await SaveRunAsync(run, cancellationToken);
            logger.LogInformation("Sync run {RunId} of campaign {CampaignId} (team {TeamId}) started: {From}..{To} in {Slices} slices",
                run.Id, campaign.CampaignId, campaign.TeamId, run.WindowFrom, run.WindowTo, slices.Count);
            progress.Report(new SyncProgressInfo(campaignKey, campaign.TeamId, slices.Count, 0, 0, run.WindowFrom, run.WindowTo));
            var connection = vault.Connection(key);
            foreach (var (from, to) in slices)
            {
                var (result, requestId) = await SliceWithRetriesAsync(campaign, connection, from, to, run, runToken.Token);
                run.SlicesDone++;
                run.RowsRead += result.Read;
                run.Inserted += result.Counts.Inserted;
                run.Updated += result.Counts.Updated;
                run.Unchanged += result.Counts.Unchanged;
                run.Rejected += result.RejectedCount;
                foreach (var (kind, count) in result.RejectedByKind)
                {
                    rejectedKinds[kind] = rejectedKinds.GetValueOrDefault(kind) + count;
                }
                run.RejectedKinds = rejectedKinds.Count == 0 ? null : JsonSerializer.Serialize(rejectedKinds);
                run.RequestId = requestId;
                await SaveRunAsync(run, runToken.Token);
                progress.Report(new SyncProgressInfo(campaignKey, campaign.TeamId, slices.Count, run.SlicesDone, run.RowsRead, run.WindowFrom, run.WindowTo));
            }
            run.Outcome = SyncOutcome.Succeeded;
            run.FinishedAt = time.GetUtcNow();
            await SaveRunAsync(run, cancellationToken);
            await UpdateCampaignAsync(campaignKey, (c, now) => c.SyncSucceeded(now, Interval), cancellationToken);
            logger.LogInformation("Sync run {RunId} succeeded: {Read} rows read, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected, {Retries} slice retries",
                run.Id, run.RowsRead, run.Inserted, run.Updated, run.Unchanged, run.Rejected, run.SliceRetries);
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
        catch (Exception ex) when (ex is LeaseLostException || (ex is OperationCanceledException && leaseLost.IsCancellationRequested))
        {
            run.Outcome = SyncOutcome.Failed;
            run.FinishedAt = time.GetUtcNow();
            run.ErrorCode = "lease_lost";
            run.ErrorMessage = "The run lost its lease on this campaign (it expired or another host took it) and stopped before writing; the next run continues from the last committed slice.";
            await SaveRunAsync(run, CancellationToken.None);
            logger.LogWarning("Sync run {RunId} of campaign {CampaignId} lost its lease and stopped", run.Id, campaign.CampaignId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Outcome = SyncOutcome.Failed;
            run.FinishedAt = time.GetUtcNow();
            run.ErrorCode = "internal_error";
            run.ErrorMessage = ex.Message;
            await SaveRunAsync(run, CancellationToken.None);
            await UpdateCampaignAsync(campaignKey, (c, now) => c.SyncFailed($"internal_error: {ex.Message}", now, Interval), CancellationToken.None);
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
            await keeper.DisposeAsync();
            progress.End(campaignKey);
            await leases.ReleaseAsync(campaignKey);
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

    /// <summary>One slice, fetched again (with backoff) while its stream breaks or comes up short, at most SliceRetries times.</summary>
    private async Task<(ImportResult Result, string? RequestId)> SliceWithRetriesAsync(Campaign campaign, SoundlinkConnection connection,
        DateOnly from, DateOnly to, SyncRun run, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SliceAsync(campaign, connection, from, to, cancellationToken);
            }
            catch (SoundlinkApiException ex) when (ex.Code is "stream_broken" or "row_count_mismatch" && attempt < options.SliceRetries)
            {
                run.SliceRetries++;
                await SaveRunAsync(run, cancellationToken);
                var wait = options.SliceRetryDelay * Math.Pow(2, attempt) * (0.8 + 0.4 * Random.Shared.NextDouble());
                logger.LogWarning("Slice {From}..{To} of campaign {CampaignId} came back broken ({Code}); fetching it again in {Wait} (retry {Retry} of {Retries})",
                    from, to, campaign.CampaignId, ex.Code, wait, attempt + 1, options.SliceRetries);
                // On the wall clock, like the client's own retries: network waits are real even where the app's clock is not.
                await Task.Delay(wait, TimeProvider.System, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Downloads the slice to a staging file (memory stays flat whatever the upstream sends), then reads it into one
    /// transaction with the campaign's progress marker, checking the line count and the lease before committing.
    /// </summary>
    private async Task<(ImportResult Result, string? RequestId)> SliceAsync(Campaign campaign, SoundlinkConnection connection,
        DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var staging = OpenStagingFile();
        var slice = await clients.Create().DownloadExportAsync(connection, campaign.CampaignId, from, to, staging, cancellationToken);
        staging.Position = 0;

        await using var db = await store.OpenAsync(cancellationToken);
        await using var transaction = db.BeginTransaction();
        ImportResult result;
        using (var batch = IngestBatch.Begin(db, transaction, campaign.TeamId, $"sync {campaign.CampaignId} {from:yyyy-MM-dd}..{to:yyyy-MM-dd}", time,
            new IngestScope(campaign.CampaignId, from, to)))
        {
            long lines = 0;
            await foreach (var line in SoundlinkExportReader.ReadAsync(staging, cancellationToken))
            {
                lines++;
                batch.Add(line);
            }
            slice.CheckLineCount(lines);
            result = batch.Finish();
        }
        Campaign.AdvanceSyncedThrough(db, transaction, campaign.Id, to);
        await leases.FenceAsync(db, transaction, campaign.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (result, slice.RequestId);
    }

    private FileStream OpenStagingFile()
    {
        var folder = string.IsNullOrWhiteSpace(options.StagingPath) ? Path.Combine(Path.GetTempPath(), "soundlink-sync") : options.StagingPath;
        Directory.CreateDirectory(folder);
        var file = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            // A team's data: readable by this user only.
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(Path.Combine(folder, $"slice-{Guid.NewGuid():N}.jsonl"), file);
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
                other.KeyUnusable($"The key \"{key.Name}\" is not usable: {problem}");
            }
            await db.SaveChangesAsync();
        }
        else if (ex.IsCampaignProblem)
        {
            await UpdateCampaignAsync(campaign.Id, (c, now) => c.SyncStopped($"Soundlink does not know this campaign for the key: {problem}", now), CancellationToken.None);
        }
        else
        {
            await UpdateCampaignAsync(campaign.Id, (c, now) => c.SyncFailed(problem, now, Interval), CancellationToken.None);
        }
    }

    private TimeSpan Interval => TimeSpan.FromMinutes(options.IntervalMinutes);

    /// <summary>Applies one of <see cref="Campaign"/>'s sync state transitions and saves it.</summary>
    private async Task UpdateCampaignAsync(int campaignKey, Action<Campaign, DateTimeOffset> transition, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        transition(await db.Campaigns.IgnoreQueryFilters().SingleAsync(c => c.Id == campaignKey, cancellationToken), time.GetUtcNow());
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

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
