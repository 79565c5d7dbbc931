using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SoundlinkDashboard.Core.Sharing;

public static class SharingExtensions
{
    /// <summary>Share links: members manage them, anonymous viewers read through them.</summary>
    public static IHostApplicationBuilder AddSharing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShareService>();
        builder.Services.AddSingleton<SharedDashboards>();
        return builder;
    }
}
