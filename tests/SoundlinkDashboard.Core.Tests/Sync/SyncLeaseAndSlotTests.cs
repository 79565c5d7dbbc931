using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Sync;

public sealed class SyncLeaseTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private TestStore _store = null!;
    private int _campaign;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        var team = await _store.CreateTeamAsync();
        await _store.ImportAsync(team, TestRows.Generate(seed: 1, campaigns: 1, days: 1, countries: 1));
        _campaign = (int)await _store.ScalarAsync("SELECT Id FROM Campaigns");
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private SyncLeases Host() => new(_store.Services.GetRequiredService<SqliteStore>(), _clock, NullLogger<SyncLeases>.Instance);

    [Fact]
    public async Task Two_hosts_one_clock_one_holder_until_the_lease_expires_then_the_old_holder_can_neither_renew_nor_commit()
    {
        var (a, b) = (Host(), Host());

        Assert.True(await a.TryAcquireAsync(_campaign));
        Assert.False(await b.TryAcquireAsync(_campaign));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await a.RenewAsync(_campaign));
        _clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.False(await b.TryAcquireAsync(_campaign), "renewed a minute ago: still a's");
        _clock.Advance(SyncLeases.Duration);
        Assert.True(await b.TryAcquireAsync(_campaign), "expired: anyone may take it");

        Assert.False(await a.RenewAsync(_campaign));
        await using var connection = await _store.Store.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using (var write = connection.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = "UPDATE Campaigns SET Name = 'written by a' WHERE Id = $id";
            write.Parameters.AddWithValue("$id", _campaign);
            await write.ExecuteNonQueryAsync();
        }
        await Assert.ThrowsAsync<LeaseLostException>(() => a.FenceAsync(connection, transaction, _campaign));
        await transaction.RollbackAsync();
        await b.FenceAsync(connection, null!, _campaign);

        await a.ReleaseAsync(_campaign);
        Assert.Equal(1, await _store.ScalarAsync("SELECT COUNT(*) FROM SyncLeases"));
        Assert.False(await a.TryAcquireAsync(_campaign), "a's release does not free b's lease");
        await b.ReleaseAsync(_campaign);
        Assert.True(await a.TryAcquireAsync(_campaign));
    }

    [Fact]
    public async Task A_kept_lease_is_renewed_by_its_timer_and_a_lost_one_is_reported()
    {
        var (a, b) = (Host(), Host());
        Assert.True(await a.TryAcquireAsync(_campaign));
        var lost = new TaskCompletionSource();
        await using (a.Keep(_campaign, () => lost.TrySetResult()))
        {
            for (var i = 0; i < 8; i++)
            {
                var before = await _store.ScalarAsync("SELECT ExpiresAt FROM SyncLeases");
                _clock.Advance(SyncLeases.RenewEvery);
                await SyncFixture.WaitForAsync(async () => await _store.ScalarAsync("SELECT ExpiresAt FROM SyncLeases") > before);
                Assert.False(await b.TryAcquireAsync(_campaign));
            }
            await using (var connection = await _store.Store.OpenAsync())
            await using (var steal = connection.CreateCommand())
            {
                steal.CommandText = "UPDATE SyncLeases SET Holder = 'someone else'";
                await steal.ExecuteNonQueryAsync();
            }
            _clock.Advance(SyncLeases.RenewEvery);
            await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}

public sealed class SyncSlotTests
{
    [Fact]
    public async Task No_team_holds_every_slot_and_a_manual_run_goes_before_another_teams_backlog()
    {
        var slots = new SyncSlots(3);
        var a1 = await slots.AcquireAsync(teamId: 1, manual: false, CancellationToken.None);
        var a2 = await slots.AcquireAsync(1, false, CancellationToken.None);
        var a3 = slots.AcquireAsync(1, false, CancellationToken.None);
        var a4 = slots.AcquireAsync(1, false, CancellationToken.None);

        Assert.False(a3.IsCompleted, "team 1 may hold two of three slots");
        var b = await slots.AcquireAsync(2, false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        // All three slots are busy; team 2's "Sync now" and team 3's scheduled run queue behind team 1's backlog.
        var bNow = slots.AcquireAsync(2, manual: true, CancellationToken.None);
        var c = slots.AcquireAsync(3, false, CancellationToken.None);
        a1.Dispose();
        var first = await Task.WhenAny(a3, a4, bNow, c);
        Assert.Same(bNow, first);
        Assert.False(a3.IsCompleted || c.IsCompleted);

        a2.Dispose();
        Assert.Same(c, await Task.WhenAny(a3, a4, c));
        Assert.False(a3.IsCompleted);
        b.Dispose();
        (await bNow).Dispose();
        await a3.WaitAsync(TimeSpan.FromSeconds(5));
        await a4.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_wait_gives_up_its_place()
    {
        var slots = new SyncSlots(1);
        var held = await slots.AcquireAsync(1, false, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = slots.AcquireAsync(2, false, cancel.Token);
        var after = slots.AcquireAsync(3, false, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();

        (await after.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
