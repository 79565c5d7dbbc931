namespace SoundlinkDashboard.Core.Sync;

/// <summary>
/// The run slots of this process (Sync:MaxConcurrentRuns), shared fairly between teams: no team holds more than all
/// slots but one (so another team's run can always start), manual runs ("Sync now") go before scheduled ones, and
/// among scheduled runs the team with the fewest running, then the one served longest ago, goes first, so a team's
/// backlog never starves another team.
/// </summary>
public sealed class SyncSlots(int total)
{
    private readonly int _total = Math.Max(1, total);
    private readonly Lock _lock = new();
    private readonly List<Waiter> _waiting = [];
    private readonly Dictionary<int, int> _runningByTeam = [];
    private readonly Dictionary<int, long> _lastServed = [];
    private long _sequence;
    private int _running;

    /// <summary>The most slots one team may hold at once.</summary>
    public int PerTeam => Math.Max(1, _total - 1);

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(int teamId, bool manual, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(teamId, manual);
        lock (_lock)
        {
            waiter.Sequence = ++_sequence;
            _waiting.Add(waiter);
            Grant();
        }
        using (cancellationToken.Register(() => Cancel(waiter, cancellationToken)))
        {
            await waiter.Granted.Task.ConfigureAwait(false);
        }
        return new Slot(this, teamId);
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_waiting.Remove(waiter))
            {
                waiter.Granted.TrySetCanceled(cancellationToken);
            }
        }
    }

    private void Release(int teamId)
    {
        lock (_lock)
        {
            _running--;
            _runningByTeam[teamId]--;
            Grant();
        }
    }

    // Under the lock.
    private void Grant()
    {
        while (_running < _total)
        {
            Waiter? next = null;
            foreach (var waiter in _waiting)
            {
                if (_runningByTeam.GetValueOrDefault(waiter.TeamId) >= PerTeam)
                {
                    continue;
                }
                if (next is null || Before(waiter, next))
                {
                    next = waiter;
                }
            }
            if (next is null)
            {
                return;
            }
            _waiting.Remove(next);
            _running++;
            _runningByTeam[next.TeamId] = _runningByTeam.GetValueOrDefault(next.TeamId) + 1;
            _lastServed[next.TeamId] = ++_sequence;
            next.Granted.TrySetResult();
        }
    }

    private bool Before(Waiter a, Waiter b)
    {
        if (a.Manual != b.Manual)
        {
            return a.Manual;
        }
        if (a.TeamId != b.TeamId)
        {
            var (runningA, runningB) = (_runningByTeam.GetValueOrDefault(a.TeamId), _runningByTeam.GetValueOrDefault(b.TeamId));
            if (runningA != runningB)
            {
                return runningA < runningB;
            }
            var (servedA, servedB) = (_lastServed.GetValueOrDefault(a.TeamId), _lastServed.GetValueOrDefault(b.TeamId));
            if (servedA != servedB)
            {
                return servedA < servedB;
            }
        }
        return a.Sequence < b.Sequence;
    }

    private sealed class Waiter(int teamId, bool manual)
    {
        public int TeamId { get; } = teamId;
        public bool Manual { get; } = manual;
        public long Sequence { get; set; }
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Slot(SyncSlots slots, int teamId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release(teamId);
            }
        }
    }
}
