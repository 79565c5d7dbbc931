using Microsoft.Extensions.DependencyInjection;
using Soundlink.Client.Api;

namespace SoundlinkDashboard.Core.Sync;

/// <summary>Hands out typed clients from IHttpClientFactory per use, so long-lived services never pin one HttpClient.</summary>
public sealed class SoundlinkClients(IServiceProvider services)
{
    public SoundlinkClient Create() => services.GetRequiredService<SoundlinkClient>();
}
