using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Soundlink.Client.Api;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Keys;

namespace SoundlinkDashboard.Core.Sync;

public static class SyncExtensions
{
    /// <summary>The Soundlink client, the sync runner and its scheduler ("Sync" and "Soundlink:Client" configuration).</summary>
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        builder.AddSoundlinkApi();
        builder.Services.AddSingleton<SyncProgress>();
        builder.Services.AddSingleton<SyncLeases>();
        builder.Services.AddSingleton<SyncRunner>();
        builder.Services.AddSingleton<CampaignService>();
        builder.Services.AddHostedService<SyncScheduler>();
        builder.Services.AddHostedService<SyncShutdown>();
        return builder;
    }

    /// <summary>The typed Soundlink client and the "Sync" options; registered once, whoever asks first (keys, sync).</summary>
    public static IHostApplicationBuilder AddSoundlinkApi(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(SoundlinkClients)))
        {
            return builder;
        }
        builder.Services.AddSingleton(builder.Configuration.GetSection("Sync").Get<SyncOptions>() ?? new SyncOptions());
        builder.Services.AddSoundlinkClient(client => builder.Configuration.GetSection("Soundlink:Client").Bind(client));
        builder.Services.AddSingleton<SoundlinkClients>();
        builder.Services.AddOptions<SoundlinkUrlOptions>().Bind(builder.Configuration.GetSection(SoundlinkUrlOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SoundlinkUrlOptions>, SoundlinkUrlOptionsValidator>();
        builder.Services.AddSingleton<BaseUrlAllowList>();
        return builder;
    }
}
