using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Support;

/// <summary>A migrated SQLite file of its own, with the services of the store wired as the app wires them.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly IHost _host;

    private TestStore(IHost host, string path)
    {
        _host = host;
        Path = path;
    }

    public string Path { get; }
    public IServiceProvider Services => _host.Services;
    public JsonlImporter Importer => Services.GetRequiredService<JsonlImporter>();
    public MetricsService Metrics => Services.GetRequiredService<MetricsService>();
    public TeamService Teams => Services.GetRequiredService<TeamService>();
    public SqliteStore Store => Services.GetRequiredService<SqliteStore>();

    public static async Task<TestStore> CreateAsync()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sd-tests", $"{Guid.NewGuid():N}.db");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:Default"] = $"Data Source={path}";
        builder.AddStore();
        var host = builder.Build();
        await host.Services.GetRequiredService<StoreMigrator>().MigrateAsync();
        return new TestStore(host, path);
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
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
        await Task.CompletedTask;
    }
}
