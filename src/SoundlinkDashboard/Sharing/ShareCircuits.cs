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
