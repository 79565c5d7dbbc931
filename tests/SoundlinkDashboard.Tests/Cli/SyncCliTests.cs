using Soundlink.Simulator;

namespace SoundlinkDashboard.Tests.Cli;

/// <summary>The operator commands for keys, campaigns and sync, against a simulator on loopback.</summary>
public sealed class SyncCliTests : IAsyncLifetime
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
            Organizations = [new SimulatedOrganization { Id = Org, Campaigns = 2, Keys = [new SimulatedKey { Secret = Secret }] }],
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
    public async Task A_key_from_standard_input_is_checked_campaigns_registered_and_synced()
    {
        var added = await _cli.RunWithInputAsync(Secret + "\n", "keys", "add", "--team", "label", "--name", "main", "--base-url", _simulator.BaseUrl.ToString());
        Assert.Equal(0, added.Exit);
        Assert.Contains("accepts", added.Out);
        Assert.DoesNotContain(Secret, added.Out + added.Err);

        var (_, keys, _) = await _cli.RunAsync("keys", "list", "--team", "label");
        Assert.Contains("sk_…cdef", keys);
        Assert.DoesNotContain(Secret, keys);

        var registered = await _cli.RunAsync("campaigns", "add", "--team", "label", "--key", "main", "--all");
        Assert.Equal(0, registered.Exit);
        Assert.Equal(2, registered.Out.Split('\n').Count(l => l.StartsWith("registered ", StringComparison.Ordinal)));

        var synced = await _cli.RunAsync("sync", "--team", "label");
        Assert.Equal(0, synced.Exit);
        Assert.Contains("slices", synced.Err);
        var expectedRows = _simulator.Simulator.Catalogue.CampaignsOf(Org)
            .Sum(c => _simulator.Simulator.Rows.Rows(c, c.Start, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow).Count());
        var (_, report, _) = await _cli.RunAsync("report", "--team", "label");
        using var json = System.Text.Json.JsonDocument.Parse(report);
        Assert.Equal(expectedRows, json.RootElement.EnumerateArray().Sum(g => g.GetProperty("rows").GetInt64()));

        var (_, list, _) = await _cli.RunAsync("campaigns", "list", "--team", "label");
        Assert.Equal(2, list.Split('\n').Count(l => l.Contains("\tok\t", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refused_key_exits_1_and_a_failing_sync_exits_1_with_the_reason()
    {
        var refused = await _cli.RunAsync("keys", "add", "--team", "label", "--name", "wrong", "--secret", "sk_nope_0123456789abcdef",
            "--base-url", _simulator.BaseUrl.ToString());
        Assert.Equal(1, refused.Exit);
        Assert.Contains("invalid_api_key", refused.Err);

        await _cli.RunWithInputAsync(Secret, "keys", "add", "--team", "label", "--name", "main", "--base-url", _simulator.BaseUrl.ToString());
        await _cli.RunAsync("campaigns", "add", "--team", "label", "--key", "main", "--all");
        _simulator.Simulator.Options.Organizations[0].Keys[0].Revoked = true;

        var (exit, output, _) = await _cli.RunAsync("sync", "--team", "label");

        Assert.Equal(1, exit);
        Assert.Contains("api_key_revoked", output);
        var (_, list, _) = await _cli.RunAsync("campaigns", "list", "--team", "label");
        Assert.Contains("stopped", list);
    }

    [Fact]
    public async Task Keys_add_refuses_a_base_url_off_the_allow_list_and_stores_nothing()
    {
        var refused = await _cli.RunWithInputAsync(Secret, "keys", "add", "--team", "label", "--name", "elsewhere",
            "--base-url", "https://attacker.example");

        Assert.Equal(1, refused.Exit);
        Assert.Contains("not an allowed Soundlink address", refused.Err);
        var (_, keys, _) = await _cli.RunAsync("keys", "list", "--team", "label");
        Assert.DoesNotContain("elsewhere", keys);
    }

    [Theory]
    [InlineData("keys", "add", "--team", "label", "--name", "x", "--header", "both")]
    [InlineData("campaigns", "add", "--team", "label", "--key", "nokey", "--all")]
    [InlineData("sync", "--team", "nobody")]
    [InlineData("sync", "--team", "label", "--campaign", "not-registered")]
    public async Task Bad_sync_command_lines_exit_2(params string[] args)
    {
        var (exit, _, error) = await _cli.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
    }
}
