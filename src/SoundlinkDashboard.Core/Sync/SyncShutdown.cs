using Microsoft.Extensions.Hosting;

namespace SoundlinkDashboard.Core.Sync;

/// <summary>When the host stops, the sync runs of this process stop at their next step and are waited for.</summary>
public sealed class SyncShutdown(SyncRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => runner.StopAllAsync(cancellationToken);
}
