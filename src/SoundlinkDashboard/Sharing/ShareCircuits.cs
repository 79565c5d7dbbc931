using System.Collections.Concurrent;

namespace SoundlinkDashboard.Sharing;

/// <summary>How many live viewers (Blazor circuits) each share link has; a link gets at most <see cref="Limit"/> at once.</summary>
public sealed class ShareCircuits(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<int, int> _open = new();

    public int Limit { get; } = configuration.GetValue("Sharing:MaxViewersPerLink", 20);

    public bool TryEnter(int linkId)
    {
        while (true)
        {
            var current = _open.GetOrAdd(linkId, 0);
            if (current >= Limit)
            {
                return false;
            }
            if (_open.TryUpdate(linkId, current + 1, current))
            {
                return true;
            }
        }
    }

    public void Leave(int linkId) => _open.AddOrUpdate(linkId, 0, (_, count) => Math.Max(0, count - 1));

    public int OpenCount(int linkId) => _open.GetValueOrDefault(linkId);
}

/// <summary>
/// How often live viewers may change the view (dates, countries, grain): each change is a dashboard query that the
/// per-address HTTP limit never sees, as it travels over the viewer's open circuit. Counted per circuit and per link,
/// in fixed windows of <see cref="Window"/> on the app's clock.
/// </summary>
public sealed class ShareViewChanges(IConfiguration configuration, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<int, WindowCounter> _links = new();

    /// <summary>View changes one viewer (circuit) may make per window.</summary>
    public int PerCircuit { get; } = configuration.GetValue("Sharing:ViewChangesPerCircuitPerMinute", 30);

    /// <summary>View changes all live viewers of one link may make together per window.</summary>
    public int PerLink { get; } = configuration.GetValue("Sharing:ViewChangesPerLinkPerMinute", 120);

    /// <summary>Takes one change from the circuit's and the link's allowance; false (nothing taken) when either is spent.</summary>
    public bool TryChange(WindowCounter circuit, int linkId)
    {
        var now = time.GetUtcNow();
        var link = _links.GetOrAdd(linkId, _ => new WindowCounter());
        // Always in this order (circuit, then link), so two viewers never wait on each other's locks crosswise.
        lock (circuit)
        {
            lock (link)
            {
                if (!circuit.HasRoom(now, PerCircuit) || !link.HasRoom(now, PerLink))
                {
                    return false;
                }
                circuit.Take();
                link.Take();
                return true;
            }
        }
    }

    /// <summary>Changes counted in the current window (one per circuit, kept by it; one per link, kept here).</summary>
    public sealed class WindowCounter
    {
        private DateTimeOffset _start = DateTimeOffset.MinValue;
        private int _count;

        internal bool HasRoom(DateTimeOffset now, int limit)
        {
            if (now - _start >= Window || now < _start)
            {
                _start = now;
                _count = 0;
            }
            return _count < limit;
        }

        internal void Take() => _count++;
    }
}
