using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SoundlinkDashboard.Core.Sync;

namespace SoundlinkDashboard.Core.Tests.Sync;

public sealed class SyncOptionsTests
{
    [Theory]
    [InlineData("Sync:MaxConcurrentRuns", "0", "Sync:MaxConcurrentRuns must be at least 1.")]
    [InlineData("Sync:IntervalMinutes", "0", "Sync:IntervalMinutes must be at least 1.")]
    [InlineData("Sync:SliceRetries", "50", "Sync:SliceRetries must be 0 to 10.")]
    [InlineData("Sync:DefaultBaseUrl", "api.getsoundlink.com", "Sync:DefaultBaseUrl must be an absolute http(s) address.")]
    public void A_bad_sync_setting_stops_the_services_with_its_name(string setting, string value, string message)
    {
        using var services = Services(setting, value);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<SyncOptions>());

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public void Configured_values_reach_the_services()
    {
        using var services = Services("Sync:SliceRetries", "5");

        Assert.Equal(5, services.GetRequiredService<SyncOptions>().SliceRetries);
        Assert.Same(services.GetRequiredService<SyncOptions>(), services.GetRequiredService<SyncOptions>());
    }

    private static ServiceProvider Services(string setting, string value)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[setting] = value;
        builder.AddSoundlinkApi();
        return builder.Services.BuildServiceProvider();
    }
}
