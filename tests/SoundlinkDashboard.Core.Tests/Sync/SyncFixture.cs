using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Soundlink.Simulator;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Tests.Sync;

/// <summary>The app's store and sync services on a SQLite file, and a simulator on loopback, sharing one fake clock.</summary>
public sealed class SyncFixture : IAsyncDisposable
{
    public const string Org = "a7ac3173-2f71-4e79-921f-d15d7112dd11";
    public const string Secret = "sk_sync_0123456789abcdef";
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private readonly IHost _host;
    private readonly string _dir;

    private SyncFixture(IHost host, SimulatorServer simulator, FakeTimeProvider time, string dir, TeamContext team)
    {
        _host = host;
        Simulator = simulator;
        Time = time;
        _dir = dir;
        Team = team;
    }

    public SimulatorServer Simulator { get; }
    public FakeTimeProvider Time { get; }
    public TeamContext Team { get; }
    public IServiceProvider Services => _host.Services;
    public CampaignService Campaigns => Services.GetRequiredService<CampaignService>();
    public SyncRunner Runner => Services.GetRequiredService<SyncRunner>();
    public string DatabasePath => Path.Combine(_dir, "sync.db");

    public static async Task<SyncFixture> StartAsync(int campaigns = 3, FakeTimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        time ??= new FakeTimeProvider(Now);
        var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Seed = 5,
            Organizations = [new SimulatedOrganization { Id = Org, Campaigns = campaigns, Keys = [new SimulatedKey { Secret = Secret }] }],
        }, time);
        var dir = Path.Combine(Path.GetTempPath(), "sd-sync-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // Development: the simulator is plain http on loopback, which the key allow-list accepts only there.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration["Soundlink:AllowedBaseUrls:0"] = simulator.BaseUrl.ToString();
        builder.Configuration["ConnectionStrings:Default"] = $"Data Source={Path.Combine(dir, "sync.db")}";
        builder.Configuration["DataProtection:KeysPath"] = Path.Combine(dir, "keys");
        builder.Configuration["Sync:SchedulerEnabled"] = "false";
        builder.Configuration["Soundlink:Client:RetryBaseDelay"] = "00:00:00.020";
        builder.Configuration["Sync:SliceRetryDelay"] = "00:00:00.010";
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[name] = value;
        }
        builder.AddStore();
        builder.AddAccounts();
        builder.AddSync();
        builder.Services.AddSingleton<TimeProvider>(time);
        var host = builder.Build();
        await host.Services.GetRequiredService<StoreMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<TeamService>().CreateAsync("label", "Label");
        var team = await host.Services.GetRequiredService<TeamAccess>().OperatorContextAsync("label");
        return new SyncFixture(host, simulator, time, dir, team);
    }

    public async Task<int> AddKeyAsync(KeyHeaderStyle style = KeyHeaderStyle.XApiKey) =>
        (await Services.GetRequiredService<KeyVault>().AddAsync(Team, new KeyInput("main", Secret, style, Simulator.BaseUrl.ToString()), null)).Id;

    /// <summary>Registers the simulator's campaigns (all, or those given) and returns their keys in the store.</summary>
    public async Task<Dictionary<string, int>> RegisterAsync(int keyId, params string[] campaignIds)
    {
        var ids = campaignIds.Length > 0 ? campaignIds : Simulator.Simulator.Catalogue.CampaignsOf(Org).Select(c => c.Id).ToArray();
        var outcomes = await Campaigns.RegisterAsync(Team, keyId, ids);
        Assert.All(outcomes, o => Assert.True(o.Registered, o.Problem));
        return (await Campaigns.ListAsync(Team)).ToDictionary(c => c.CampaignId, c => c.Key);
    }

    public SimulatedCampaign LongCampaign() =>
        Simulator.Simulator.Catalogue.CampaignsOf(Org).First(c => c.DurationDays > 300);

    /// <summary>The simulator's rows of a campaign up to today, as stored rows print.</summary>
    public List<string> ExpectedRows(SimulatedCampaign campaign) =>
        Simulator.Simulator.Rows.Rows(campaign, campaign.Start, DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime), Time.GetUtcNow())
            .Select(r => Format(r.Campaign.Id, r.Date, r.Country, StoreEncoding.ToExportedAt(r.ExportedAt), r.Streams, r.Listeners, r.Impressions,
                StoreEncoding.ToMicros(r.SpendMedia)))
            .Order(StringComparer.Ordinal)
            .ToList();

    public async Task<List<string>> StoredRowsAsync(string? campaignId = null)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.CampaignId, m.Day, m.Country, m.ExportedAt, m.Streams, m.Listeners, m.Impressions, m.SpendMedia
            FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey WHERE $c IS NULL OR c.CampaignId = $c
            """;
        command.Parameters.AddWithValue("$c", (object?)campaignId ?? DBNull.Value);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Format(reader.GetString(0), StoreEncoding.FromDay(reader.GetInt64(1)), reader.GetString(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetInt64(7)));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task<string> TextAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A runner as another host would run it: the same database and clock, its own lease holder id.</summary>
    public SyncRunner SecondHost() => ActivatorUtilities.CreateInstance<SyncRunner>(Services, ActivatorUtilities.CreateInstance<SyncLeases>(Services));

    /// <summary>Polls until the condition holds, failing after a deadline (wall clock) instead of hanging.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {seconds} s.");
            }
            await Task.Delay(20);
        }
    }

    private static string Format(string campaign, DateOnly date, string country, long exportedAt, long streams, long listeners, long? impressions, long spend) =>
        string.Create(CultureInfo.InvariantCulture, $"{campaign}|{date:yyyy-MM-dd}|{country}|{exportedAt}|{streams}|{listeners}|{impressions}|{spend}");

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Simulator.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pool on its way out: the temp folder is cleaned later.
        }
    }
}
