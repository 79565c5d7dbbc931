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
        builder.Services.AddOptions<SyncOptions>().BindConfiguration("Sync")
            .Validate(o => o.IntervalMinutes >= 1, "Sync:IntervalMinutes must be at least 1.")
            .Validate(o => o.LookbackDays >= 0, "Sync:LookbackDays must not be negative.")
            .Validate(o => o.MaxConcurrentRuns >= 1, "Sync:MaxConcurrentRuns must be at least 1.")
            .Validate(o => o.SliceRetries is >= 0 and <= 10, "Sync:SliceRetries must be 0 to 10.")
            .Validate(o => o.SliceRetryDelay >= TimeSpan.Zero, "Sync:SliceRetryDelay must not be negative.")
            .Validate(o => Uri.TryCreate(o.DefaultBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http",
                "Sync:DefaultBaseUrl must be an absolute http(s) address.")
            .ValidateOnStart();
        // Services take the validated values themselves; reading them the first time validates them (the CLI never starts a host).
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<SyncOptions>>().Value);
        builder.Services.AddSoundlinkClient(client => builder.Configuration.GetSection("Soundlink:Client").Bind(client));
        builder.Services.AddSingleton<SoundlinkClients>();
        builder.Services.AddOptions<SoundlinkUrlOptions>().Bind(builder.Configuration.GetSection(SoundlinkUrlOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SoundlinkUrlOptions>, SoundlinkUrlOptionsValidator>();
        builder.Services.AddSingleton<BaseUrlAllowList>();
        return builder;
    }
}
