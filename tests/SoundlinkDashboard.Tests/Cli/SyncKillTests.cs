using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Soundlink.Simulator;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Tests.Cli;

/// <summary>A real `sync` process killed mid-run, then a restart: the table must equal a clean sync's.</summary>
public sealed class SyncKillTests
{
    private const string Org = "a7ac3173-2f71-4e79-921f-d15d7112dd11";
    private const string Secret = "sk_killtest_0123456789abcdef";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_sync_process_killed_at_a_random_point_and_restarted_ends_with_exactly_the_rows_of_a_clean_sync(int seed)
    {
        // The simulator's clock stands still, so every fetch of a date returns the same values.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Seed = 9,
            Organizations = [new SimulatedOrganization { Id = Org, Campaigns = 3, Keys = [new SimulatedKey { Secret = Secret }] }],
        }, frozen);
        using var cli = new CliRunner();
        cli.AllowedBaseUrls.Add(simulator.BaseUrl.ToString());
        await cli.RunAsync("teams", "add", "label");
        await cli.RunWithInputAsync(Secret, "keys", "add", "--team", "label", "--name", "main", "--base-url", simulator.BaseUrl.ToString());
        Assert.Equal(0, (await cli.RunAsync("campaigns", "add", "--team", "label", "--key", "main", "--all")).Exit);
        simulator.State.Inject(new Fault(FaultKind.SlowStream, Times: 100, Value: 25, PathContains: "/export"));

        using (var child = StartSyncProcess(cli))
        {
            // Killed once it has committed `seed` slices in all, in the middle of fetching the next one.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await ScalarAsync(cli.DatabasePath, "SELECT IFNULL(SUM(SlicesDone), 0) FROM SyncRuns") < seed)
            {
                Assert.True(DateTime.UtcNow < deadline, "the sync process committed no slice within a minute");
                Assert.False(child.HasExited, "the sync process ended before it was killed");
                await Task.Delay(20);
            }
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        simulator.State.ClearFaults();

        // The killed process still holds its campaign's lease: nobody syncs that campaign until the lease expires.
        var blocked = await cli.RunAsync("sync", "--team", "label");
        Assert.Equal(1, blocked.Exit);
        Assert.Contains("failed: Another process is syncing this campaign", blocked.Out);
        await ExecuteAsync(cli.DatabasePath, "UPDATE SyncLeases SET ExpiresAt = 0");
        var restart = await cli.RunAsync("sync", "--team", "label");

        Assert.Equal(0, restart.Exit);
        var today = DateOnly.FromDateTime(frozen.GetUtcNow().UtcDateTime);
        var expected = simulator.Simulator.Catalogue.CampaignsOf(Org)
            .SelectMany(c => simulator.Simulator.Rows.Rows(c, c.Start, today, frozen.GetUtcNow()))
            .Select(r => Format(r.Campaign.Id, StoreEncoding.ToDay(r.Date), r.Country, StoreEncoding.ToExportedAt(r.ExportedAt), r.Streams,
                r.Listeners, StoreEncoding.ToMicros(r.SpendMedia)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, await StoredRowsAsync(cli.DatabasePath));
    }

    private static Process StartSyncProcess(CliRunner cli)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("sync");
        start.ArgumentList.Add("--team");
        start.ArgumentList.Add("label");
        start.Environment["ConnectionStrings__Default"] = $"Data Source={cli.DatabasePath}";
        start.Environment["DataProtection__KeysPath"] = cli.KeysPath;
        // Development: the simulator is plain http on loopback, which the key allow-list accepts only there.
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Soundlink__AllowedBaseUrls__0"] = cli.AllowedBaseUrls[0];
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<long> ScalarAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> StoredRowsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.CampaignId, m.Day, m.Country, m.ExportedAt, m.Streams, m.Listeners, m.SpendMedia
            FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey
            """;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Format(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6)));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Format(string campaign, int day, string country, long exportedAt, long streams, long listeners, long spend) =>
        string.Create(CultureInfo.InvariantCulture, $"{campaign}|{day}|{country}|{exportedAt}|{streams}|{listeners}|{spend}");
}
