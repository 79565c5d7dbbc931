using Microsoft.Extensions.DependencyInjection;
using Soundlink.Client.Api;
using Soundlink.Simulator;

namespace Soundlink.Client.Tests.Api;

/// <summary>The client as the app wires it, against a simulator on loopback.</summary>
public sealed class ClientFixture : IAsyncDisposable
{
    public const string Org = "a7ac3173-2f71-4e79-921f-d15d7112dd11";
    public const string Key = "sk_client_0123456789abcdef";
    public const string RevokedKey = "sk_revoked_0123456789abcdef";

    private readonly ServiceProvider _services;

    private ClientFixture(SimulatorServer server, ServiceProvider services)
    {
        Server = server;
        _services = services;
    }

    public SimulatorServer Server { get; }
    public SoundlinkClient Client => _services.GetRequiredService<SoundlinkClient>();

    public SoundlinkConnection Connection(AuthHeaderStyle style = AuthHeaderStyle.XApiKey, string key = Key) => new(Server.BaseUrl, key, style);

    public static async Task<ClientFixture> StartAsync(int campaigns = 3)
    {
        var server = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Seed = 11,
            Organizations =
            [
                new SimulatedOrganization
                {
                    Id = Org,
                    Campaigns = campaigns,
                    Keys = [new SimulatedKey { Secret = Key }, new SimulatedKey { Secret = RevokedKey, Revoked = true }],
                },
            ],
        });
        var services = new ServiceCollection();
        services.AddSoundlinkClient(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
        });
        return new ClientFixture(server, services.BuildServiceProvider());
    }

    /// <summary>A campaign with data over the last months.</summary>
    public string LongRunningCampaign()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return Server.Simulator.Catalogue.CampaignsOf(Org).First(c => c.Start <= today.AddDays(-30) && c.LastDay >= today).Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
