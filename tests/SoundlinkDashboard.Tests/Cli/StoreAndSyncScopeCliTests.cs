using Microsoft.Data.Sqlite;
using Soundlink.Simulator;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Tests.Cli;

/// <summary>sync --campaign syncs only what it names; store verify and rebuild-rollups prove the rollups; output is terminal-safe.</summary>
public sealed class StoreAndSyncScopeCliTests : IAsyncLifetime
{
    private const string Org = "a7ac3173-2f71-4e79-921f-d15d7112dd11";
    private const string Secret = "sk_clitest_0123456789abcdef";
    private readonly CliRunner _cli = new();
    private SimulatorServer _simulator = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Seed = 3,
            Organizations = [new SimulatedOrganization { Id = Org, Campaigns = 3, Keys = [new SimulatedKey { Secret = Secret }] }],
        });
        _cli.AllowedBaseUrls.Add(_simulator.BaseUrl.ToString());
        await _cli.RunAsync("teams", "add", "label");
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Sync_with_one_campaign_named_syncs_that_campaign_only()
    {
        await _cli.RunWithInputAsync(Secret, "keys", "add", "--team", "label", "--name", "main", "--base-url", _simulator.BaseUrl.ToString());
        await _cli.RunAsync("campaigns", "add", "--team", "label", "--key", "main", "--all");
        var campaigns = _simulator.Simulator.Catalogue.CampaignsOf(Org).Select(c => c.Id).ToList();
        var named = campaigns[0];

        var (exit, output, _) = await _cli.RunAsync("sync", "--team", "label", "--campaign", named);

        Assert.Equal(0, exit);
        Assert.Equal([named], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]));
        Assert.Equal(1, Scalar("SELECT COUNT(DISTINCT CampaignKey) FROM SyncRuns"));
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey WHERE c.CampaignId <> '{named}'"));
        Assert.Equal([named], _simulator.State.Requests.Where(r => r.PathAndQuery.Contains("/export", StringComparison.Ordinal))
            .Select(r => campaigns.Single(id => r.PathAndQuery.Contains(id, StringComparison.Ordinal))).Distinct());
    }

    [Fact]
    public async Task Store_verify_finds_a_damaged_rollup_and_rebuild_rollups_mends_it()
    {
        var file = _cli.WriteFile("rows.jsonl", TestRow.ToJsonl(TestRows.Generate(seed: 7, campaigns: 2, days: 40, countries: 3)));
        await _cli.RunAsync("import", file, "--team", "label");

        var clean = await _cli.RunAsync("store", "verify");
        Assert.Equal(0, clean.Exit);
        Assert.Contains("Every rollup table equals", clean.Out);

        Execute("""
            UPDATE TeamCountryDayTotals SET Streams = Streams + 1
            WHERE (TeamId, Day, Country, Currency) = (SELECT TeamId, Day, Country, Currency FROM TeamCountryDayTotals LIMIT 1)
            """);
        Execute("DELETE FROM CampaignDayTotals WHERE Day = (SELECT MIN(Day) FROM CampaignDayTotals)");
        var damaged = await _cli.RunAsync("store", "verify");

        Assert.Equal(1, damaged.Exit);
        Assert.Contains("TeamCountryDayTotals (TeamId=", damaged.Out);
        Assert.Contains("CampaignDayTotals (CampaignKey=", damaged.Out);
        Assert.Contains("rollup holds nothing", damaged.Out);

        var rebuilt = await _cli.RunAsync("store", "rebuild-rollups");
        Assert.Equal(0, rebuilt.Exit);
        Assert.Equal(0, (await _cli.RunAsync("store", "verify")).Exit);
    }

    [Fact]
    public async Task Control_characters_never_reach_the_terminal()
    {
        var (exit, _, error) = await _cli.RunAsync("\u001b]0;owned\u0007\u001b[2Jcommand");

        Assert.Equal(2, exit);
        Assert.Contains("unknown command", error);
        Assert.DoesNotContain('\u001b', error);
        Assert.DoesNotContain('\u0007', error);
        Assert.Contains("\uFFFD]0;owned", error);
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_cli.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_cli.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
