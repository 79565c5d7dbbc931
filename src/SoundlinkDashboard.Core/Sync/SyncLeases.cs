using System.Data.Common;
using Microsoft.Extensions.Logging;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Sync;

/// <summary>Thrown when a run finds its campaign's lease held by someone else: it must stop before writing anything more.</summary>
public sealed class LeaseLostException(int campaignKey)
    : Exception($"This run no longer holds the sync lease of campaign {campaignKey} (it expired or another host took it); the slice was not written.");

/// <summary>
/// One sync run per campaign across processes and hosts: a row per campaign in SyncLeases with a holder id and an
/// expiry. Whoever finds no row, an expired one or its own takes it; a holder keeps it by renewing it on a timer
/// (<see cref="Keep"/>), and every slice commit re-checks it inside the commit's own transaction
/// (<see cref="Fence"/>), so a run that lost its lease can never write. Liveness is judged by expiry only, never by
/// process ids, which mean nothing on another host.
/// </summary>
public sealed class SyncLeases(SqliteStore store, TimeProvider time, ILogger<SyncLeases> logger)
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);

    /// <summary>How often a held lease is renewed: a few renewals fit in one lease, so one slow write does not lose it.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private TimeProvider Time => time;
    private ILogger Logger => logger;

    public async Task<bool> TryAcquireAsync(int campaignKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO SyncLeases (CampaignKey, Holder, ExpiresAt) VALUES ($k, $h, $e)
            ON CONFLICT (CampaignKey) DO UPDATE SET Holder = excluded.Holder, ExpiresAt = excluded.ExpiresAt
            WHERE SyncLeases.ExpiresAt <= $now OR SyncLeases.Holder = excluded.Holder
            """;
        Bind(command, campaignKey);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Extends the lease if this holder still has it; false when it was lost.</summary>
    public async Task<bool> RenewAsync(int campaignKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        return await ExtendAsync(command, campaignKey, cancellationToken);
    }

    /// <summary>
    /// The fencing check, inside the caller's write transaction: extends the lease if this holder still has it, and
    /// throws <see cref="LeaseLostException"/> otherwise, so the transaction rolls back. With the lease row updated in
    /// the same transaction, no other holder can take it between the check and the commit.
    /// </summary>
    public async Task FenceAsync(DbConnection connection, DbTransaction transaction, int campaignKey, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (!await ExtendAsync(command, campaignKey, cancellationToken))
        {
            throw new LeaseLostException(campaignKey);
        }
    }

    public async Task ReleaseAsync(int campaignKey)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM SyncLeases WHERE CampaignKey = $k AND Holder = $h";
        Bind(command, campaignKey);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Renews the lease every <see cref="RenewEvery"/> while the returned keeper lives; if a renewal finds the lease
    /// lost, <paramref name="onLost"/> is called (the run cancels itself).
    /// </summary>
    public IAsyncDisposable Keep(int campaignKey, Action onLost) => new Keeper(this, campaignKey, onLost);

    private async Task<bool> ExtendAsync(DbCommand command, int campaignKey, CancellationToken cancellationToken)
    {
        // The holder id is the fencing token: a lease that expired but that nobody took is still safely this holder's.
        command.CommandText = "UPDATE SyncLeases SET ExpiresAt = $e WHERE CampaignKey = $k AND Holder = $h";
        Bind(command, campaignKey);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private void Bind(DbCommand command, int campaignKey)
    {
        var now = time.GetUtcNow();
        Add(command, "$k", campaignKey);
        Add(command, "$h", Holder);
        Add(command, "$e", (now + Duration).ToUnixTimeMilliseconds());
        Add(command, "$now", now.ToUnixTimeMilliseconds());
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed class Keeper : IAsyncDisposable
    {
        private readonly SyncLeases _leases;
        private readonly int _campaignKey;
        private readonly Action _onLost;
        private readonly ITimer _timer;
        private readonly SemaphoreSlim _renewing = new(1, 1);
        private bool _lost;

        public Keeper(SyncLeases leases, int campaignKey, Action onLost)
        {
            _leases = leases;
            _campaignKey = campaignKey;
            _onLost = onLost;
            _timer = leases.Time.CreateTimer(_ => _ = RenewAsync(), null, RenewEvery, RenewEvery);
        }

        private async Task RenewAsync()
        {
            // A renewal still running (a busy database) is not stacked with another.
            if (_lost || !await _renewing.WaitAsync(0))
            {
                return;
            }
            try
            {
                if (!await _leases.RenewAsync(_campaignKey))
                {
                    _lost = true;
                    _leases.Logger.LogWarning("Sync lease of campaign {CampaignKey} was lost by {Holder}; its run stops", _campaignKey, _leases.Holder);
                    _onLost();
                }
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // The next tick tries again; the commit's fencing check guards the writes meanwhile.
                _leases.Logger.LogWarning(ex, "Renewing the sync lease of campaign {CampaignKey} failed", _campaignKey);
            }
            finally
            {
                _renewing.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _timer.DisposeAsync();
            // Waits for a renewal under way, so none runs after the lease is released.
            await _renewing.WaitAsync();
            _renewing.Release();
        }
    }
}
