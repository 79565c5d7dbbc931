using System.Security.Claims;
using Soundlink.Simulator;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Demo;

/// <summary>The "Demo" configuration section. On by default in Development, off elsewhere unless Demo:Enabled is true.</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }
    public string Email { get; set; } = "demo@example.com";
    public string Password { get; set; } = "demo-password";
    public string TeamSlug { get; set; } = "demo";
    public string TeamName { get; set; } = "Demo Records";
    public int Seed { get; set; } = 20261127;
}

public static class DemoExtensions
{
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Demo").Get<DemoOptions>() ?? new DemoOptions();
        options.Enabled = builder.Configuration.GetValue<bool?>("Demo:Enabled") ?? builder.Environment.IsDevelopment();
        builder.Services.AddSingleton(options);
        if (options.Enabled)
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }
        return builder;
    }
}

/// <summary>
/// Demo mode: a Soundlink simulator inside the app on a loopback port, a demo user and team with the simulator's key,
/// and every demo campaign registered and synced through the real sync path. A second start keeps what exists and
/// only points the key at the new simulator port.
/// </summary>
public sealed class DemoSeeder(DemoOptions options, AccountService accounts, TeamService teams, TeamAccess access, KeyVault vault,
    CampaignService campaigns, SyncRunner runner, BaseUrlAllowList allowList, ILogger<DemoSeeder> logger) : IHostedService, IAsyncDisposable
{
    public const string KeyName = "Demo key (simulator)";
    private SimulatorServer? _simulator;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SeedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The app still serves; the demo team just stays as it is.
            logger.LogError(ex, "Demo mode could not set up its team and simulator");
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var simulatorOptions = SimulatorOptions.Demo(options.Seed);
        _simulator = await SimulatorServer.StartAsync(simulatorOptions);
        var secret = simulatorOptions.Organizations[0].Keys[0].Secret;

        var user = await accounts.FindByEmailAsync(options.Email, cancellationToken)
                   ?? await accounts.CreateUserAsync(options.Email, options.Password, isSiteAdmin: true, cancellationToken);
        var team = await teams.FindAsync(options.TeamSlug, cancellationToken);
        if (team is null)
        {
            team = await teams.CreateAsync(options.TeamSlug, options.TeamName, cancellationToken);
            await accounts.AddToTeamAsync(user, team, TeamRole.Owner, cancellationToken);
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email!)], "Demo"));
        var context = await access.RequireAsync(principal, team.Slug, TeamRole.Owner, cancellationToken);

        var baseUrl = _simulator.BaseUrl.ToString().TrimEnd('/');
        // The in-process simulator on loopback is the one address demo mode adds to the key allow-list.
        allowList.Allow(_simulator.BaseUrl);
        var key = (await vault.ListAsync(context, cancellationToken)).FirstOrDefault(k => k.Name == KeyName);
        key = key is null
            ? await vault.AddAsync(context, new KeyInput(KeyName, secret, KeyHeaderStyle.XApiKey, baseUrl), principal, cancellationToken)
            : await vault.UpdateAsync(principal, team.Slug, key.Id, new KeySettings(KeyName, key.HeaderStyle, baseUrl, secret), cancellationToken);

        var available = await campaigns.AvailableAsync(principal, team.Slug, key.Id, cancellationToken);
        var fresh = available.Where(a => !a.Registered).Select(a => a.Summary.CampaignId).ToList();
        if (fresh.Count > 0)
        {
            await campaigns.RegisterAsync(context, key.Id, fresh, cancellationToken);
        }
        logger.LogInformation("Demo mode: sign in as {Email} (password on the sign-in page); team {Team} syncs {Count} campaigns from the simulator at {BaseUrl}",
            options.Email, team.Slug, available.Count, baseUrl);

        // The first sync starts now rather than at the scheduler's next tick, so the dashboard fills within seconds.
        foreach (var campaign in await campaigns.ListAsync(context, cancellationToken))
        {
            if (campaign.Registered)
            {
                _ = runner.RunAsync(campaign.Key, SyncTrigger.Schedule, CancellationToken.None);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}
