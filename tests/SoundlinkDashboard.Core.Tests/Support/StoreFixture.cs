using SoundlinkDashboard.Core.Sharing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Support;

/// <summary>A migrated SQLite file of its own, with the services of the store wired as the app wires them.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IReadOnlyList<string> _owned;

    private TestStore(IHost host, string path, string? keysPath, IReadOnlyList<string> owned)
    {
        _host = host;
        Path = path;
        KeysPath = keysPath;
        _owned = owned;
    }

    public string Path { get; }
    /// <summary>The Data Protection key ring folder; null when the store was built without the accounts services.</summary>
    public string? KeysPath { get; }
    public IServiceProvider Services => _host.Services;
    public JsonlImporter Importer => Services.GetRequiredService<JsonlImporter>();
    public MetricsService Metrics => Services.GetRequiredService<MetricsService>();
    public TeamService Teams => Services.GetRequiredService<TeamService>();
    public SqliteStore Store => Services.GetRequiredService<SqliteStore>();

    public static Task<TestStore> CreateAsync() => CreateAsync(withAccounts: false);

    /// <summary>A store migrated only up to <paramref name="migration"/>, as a database made by an older version.</summary>
    public static Task<TestStore> CreateAtMigrationAsync(string migration) => CreateAsync(withAccounts: false, migration);

    /// <summary>
    /// Also wires the accounts and sync services (Identity, teams, key vault, audit, campaigns) as the app does,
    /// with a Data Protection key ring in a temporary folder of this store's own. The host is never started, so
    /// the sync scheduler does not run.
    /// </summary>
    /// <param name="settings">Configuration values set after the defaults (e.g. Sync:DefaultBaseUrl).</param>
    public static Task<TestStore> CreateWithAccountsAsync(TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        CreateAsync(withAccounts: true, time: time, settings: settings);

    private static async Task<TestStore> CreateAsync(bool withAccounts, string? migration = null, TimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sd-tests");
        var name = Guid.NewGuid().ToString("N");
        var path = System.IO.Path.Combine(folder, $"{name}.db");
        var keysPath = withAccounts ? System.IO.Path.Combine(folder, $"{name}-keys") : null;
        var owned = new List<string> { path, path + "-wal", path + "-shm" };
        if (keysPath is not null)
        {
            owned.Add(keysPath);
        }
        var host = Build(path, keysPath, time, settings);
        if (migration is null)
        {
            await host.Services.GetRequiredService<StoreMigrator>().MigrateAsync();
        }
        else
        {
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await db.GetService<IMigrator>().MigrateAsync(migration);
        }
        return new TestStore(host, path, keysPath, owned);
    }

    /// <summary>
    /// A second host on the same database file, as after a restart: with the same key ring, or with a new
    /// empty one (<paramref name="freshKeyRing"/>). Dispose it before this store; it deletes only what it made.
    /// </summary>
    public Task<TestStore> ReopenAsync(bool freshKeyRing = false)
    {
        var keysPath = freshKeyRing
            ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $"{Guid.NewGuid():N}-keys")
            : KeysPath ?? throw new InvalidOperationException("This store has no key ring: create it with CreateWithAccountsAsync.");
        var host = Build(Path, keysPath);
        return Task.FromResult(new TestStore(host, Path, keysPath, freshKeyRing ? [keysPath] : []));
    }

    private static IHost Build(string path, string? keysPath, TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:Default"] = $"Data Source={path}";
        builder.AddStore();
        if (keysPath is not null)
        {
            builder.Configuration["DataProtection:KeysPath"] = keysPath;
            // Nothing here may reach the real API: keys without a base URL point at a closed local port.
            builder.Configuration["Sync:DefaultBaseUrl"] = "http://127.0.0.1:9";
            builder.Configuration["Sync:SchedulerEnabled"] = "false";
            builder.Configuration["Soundlink:Client:MaxRetries"] = "1";
            builder.Configuration["Soundlink:Client:AttemptTimeout"] = "00:00:05";
            foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[name] = value;
            }
            builder.AddAccounts();
            builder.AddSync();
            builder.AddSharing();
        }
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        return builder.Build();
    }

    public async Task<int> CreateTeamAsync(string slug = "acme") => (await Teams.CreateAsync(slug, null)).Id;

    public Task<ImportResult> ImportAsync(int teamId, string jsonl, string name = "test.jsonl") =>
        Importer.ImportAsync(teamId, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(jsonl)), name);

    public Task<ImportResult> ImportAsync(int teamId, IEnumerable<TestRow> rows) =>
        ImportAsync(teamId, TestRow.ToJsonl(rows));

    /// <summary>Every stored metric row as text, in key order: compares whole tables.</summary>
    public async Task<List<string>> DumpMetricRowsAsync()
    {
        await using var connection = await Store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.TeamId, c.CampaignId, c.AccountId, m.Day, m.Country, m.ExportedAt, m.Impressions, m.AdClicks,
                   m.LinkClicks, m.Streams, m.Listeners, m.Followers, m.SpendMedia, m.SpendTotal, m.Fees, m.Currency,
                   m.CurrencyAccount, m.ResultType
            FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey
            ORDER BY c.TeamId, c.CampaignId, m.Day, m.Country
            """;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join('|', values.Select(v => v is DBNull ? "null" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var path in _owned)
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        await Task.CompletedTask;
    }
}
