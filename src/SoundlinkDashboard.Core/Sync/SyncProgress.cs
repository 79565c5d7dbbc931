using System.Collections.Concurrent;

namespace SoundlinkDashboard.Core.Sync;

public sealed record SyncProgressInfo(int CampaignKey, int TeamId, int Slices, int SlicesDone, long RowsRead, DateOnly From, DateOnly To);

/// <summary>Live progress of the runs of this process, for progress bars; the store has the record.</summary>
public sealed class SyncProgress
{
    private readonly ConcurrentDictionary<int, SyncProgressInfo> _running = new();

    /// <summary>Raised on every change (from a background thread).</summary>
    public event Action<SyncProgressInfo?, int>? Changed;

    public SyncProgressInfo? Of(int campaignKey) => _running.GetValueOrDefault(campaignKey);

    internal void Report(SyncProgressInfo info)
    {
        _running[info.CampaignKey] = info;
        Changed?.Invoke(info, info.CampaignKey);
    }

    internal void End(int campaignKey)
    {
        _running.TryRemove(campaignKey, out _);
        Changed?.Invoke(null, campaignKey);
    }
}
