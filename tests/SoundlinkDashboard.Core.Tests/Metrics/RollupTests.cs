using Microsoft.Extensions.DependencyInjection;
using Soundlink.Client.Export;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Metrics;

/// <summary>
/// Two teams' rows after a fixed-seed random run of deliveries through the importer and the writer: first
/// deliveries, newer, older and equal re-deliveries, duplicates within one batch, currency changes on revision,
/// null impressions and clicks. <see cref="Winners"/> is what the store must hold, tracked in the test.
/// </summary>
public sealed class RevisedRowsFixture : IAsyncLifetime
{
    public const int Seed = 20261201;
    public static readonly DateOnly First = new(2026, 1, 20);
    public const int Days = 80;
    private static readonly string[] Countries = ["US", "DE", "GB", "FR", "XK"];
    private static readonly DateTimeOffset FirstExport = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    public TestStore Store { get; private set; } = null!;
    public int TeamA { get; private set; }
    public int TeamB { get; private set; }
    public List<string> CampaignsA { get; } = ["camp-a-0", "camp-a-1", "camp-a-2", "camp-a-3", "camp-a-4"];
    /// <summary>Team B also has a campaign with the same id as one of team A's: the store keeps them apart.</summary>
    public List<string> CampaignsB { get; } = ["camp-b-0", "camp-a-0"];
    public Dictionary<(int Team, string Campaign, DateOnly Date, string Country), TestRow> Winners { get; } = [];
    public UpsertCounts Counts { get; private set; }
    public int CurrencyChanges { get; private set; }

    public List<TestRow> RowsOf(int team) => Winners.Where(w => w.Key.Team == team).Select(w => w.Value).ToList();

    public async Task InitializeAsync()
    {
        Store = await TestStore.CreateAsync();
        TeamA = await Store.CreateTeamAsync("team-a");
        TeamB = await Store.CreateTeamAsync("team-b");
        var random = new Random(Seed);

        // First deliveries: most (campaign, day, country) keys, camp-a-4 only from March on.
        var initial = new List<(int Team, TestRow Row)>();
        foreach (var (team, campaigns) in new[] { (TeamA, CampaignsA), (TeamB, CampaignsB) })
        {
            foreach (var campaign in campaigns)
            {
                var currency = campaign is "camp-a-1" or "camp-a-3" ? "EUR" : "USD";
                for (var d = campaign == "camp-a-4" ? 44 : 0; d < Days; d++)
                {
                    foreach (var country in Countries.Where(_ => random.Next(5) != 0))
                    {
                        initial.Add((team, NewRow(random, campaign, First.AddDays(d), country, currency, FirstExport)));
                    }
                }
            }
        }
        await DeliverAsync(initial, throughImporter: true);

        for (var round = 0; round < 8; round++)
        {
            var batch = new List<(int Team, TestRow Row)>();
            foreach (var ((team, campaign, date, country), current) in Winners.OrderBy(w => w.Key).ToList())
            {
                if (random.Next(100) >= 15)
                {
                    continue;
                }
                // Older, equal or newer than what is stored; sometimes in the other currency.
                var offset = random.Next(10) switch { < 2 => -1, < 4 => 0, _ => 1 + random.Next(3) };
                var currency = random.Next(10) < 3 ? (current.Currency == "USD" ? "EUR" : "USD") : current.Currency;
                var revised = NewRow(random, campaign, date, country, currency, current.ExportedAt.AddHours(offset));
                batch.Add((team, revised));
                if (random.Next(10) == 0)
                {
                    // The same key twice in one batch, the newer first or last.
                    var again = NewRow(random, campaign, date, country, currency, revised.ExportedAt.AddMinutes(random.Next(-30, 31)));
                    batch.Insert(random.Next(batch.Count + 1), (team, again));
                }
            }
            // Some keys never seen before: new days past the end and missing countries.
            for (var i = 0; i < 30; i++)
            {
                var (team, campaigns) = random.Next(3) == 0 ? (TeamB, CampaignsB) : (TeamA, CampaignsA);
                var date = First.AddDays(random.Next(Days + 10));
                batch.Add((team, NewRow(random, campaigns[random.Next(campaigns.Count)], date, Countries[random.Next(Countries.Length)],
                    random.Next(2) == 0 ? "USD" : "EUR", FirstExport.AddHours(random.Next(0, 5)))));
            }
            await DeliverAsync(batch, throughImporter: round % 2 == 1);
        }
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private async Task DeliverAsync(List<(int Team, TestRow Row)> rows, bool throughImporter)
    {
        foreach (var team in new[] { TeamA, TeamB })
        {
            var teamRows = rows.Where(r => r.Team == team).Select(r => r.Row).ToList();
            UpsertCounts counts;
            if (throughImporter)
            {
                var result = await Store.ImportAsync(team, teamRows);
                Assert.Equal(0, result.RejectedCount);
                counts = result.Counts;
            }
            else
            {
                await using var connection = await Store.Store.OpenAsync();
                await using var transaction = connection.BeginTransaction();
                using var writer = new MetricRowWriter(connection, transaction, team);
                foreach (var row in teamRows)
                {
                    Assert.Null(writer.Write(ToExportRow(row)));
                }
                counts = writer.Complete();
                await transaction.CommitAsync();
            }
            Counts = new UpsertCounts(Counts.Inserted + counts.Inserted, Counts.Updated + counts.Updated, Counts.Unchanged + counts.Unchanged);
            foreach (var row in teamRows)
            {
                var key = (team, row.CampaignId, row.Date, row.Country);
                if (!Winners.TryGetValue(key, out var stored))
                {
                    Winners[key] = row;
                }
                else if (row.ExportedAt > stored.ExportedAt)
                {
                    CurrencyChanges += row.Currency == stored.Currency ? 0 : 1;
                    Winners[key] = row;
                }
            }
        }
    }

    private static TestRow NewRow(Random random, string campaign, DateOnly date, string country, string currency, DateTimeOffset exportedAt)
    {
        var listeners = random.Next(8) == 0 ? 0 : random.Next(1, 400);
        var media = Math.Round((decimal)random.NextDouble() * 80m, 2);
        var total = Math.Round(media / 0.8m, 2);
        return new TestRow
        {
            CampaignId = campaign,
            CampaignName = $"Campaign {campaign}",
            Date = date,
            ExportedAt = exportedAt,
            Country = country,
            Impressions = random.Next(5) == 0 ? null : random.Next(0, 20_000),
            AdClicks = random.Next(6) == 0 ? null : random.Next(0, 300),
            LinkClicks = random.Next(4) == 0 ? null : random.Next(0, 200),
            Streams = listeners == 0 ? 0 : listeners + random.Next(0, 300),
            Listeners = listeners,
            Followers = random.Next(4) == 0 ? 0 : random.Next(0, 30),
            SpendMedia = media,
            SpendTotal = total,
            Fees = total - media,
            Currency = currency,
            CurrencyAccount = currency,
        };
    }

    public static CampaignCountryDailyRow ToExportRow(TestRow r) => new()
    {
        Provider = "soundlink",
        AccountId = r.AccountId,
        ReportDate = r.Date,
        ExportedAt = r.ExportedAt,
        CampaignId = r.CampaignId,
        CampaignName = r.CampaignName,
        CampaignTargetType = r.TargetType,
        CountryCode = r.Country,
        Impressions = r.Impressions,
        AdClicks = r.AdClicks,
        LinkClicks = r.LinkClicks,
        Streams = r.Streams,
        Listeners = r.Listeners,
        Followers = r.Followers,
        SpendMedia = r.SpendMedia,
        SpendTotal = r.SpendTotal,
        Fees = r.Fees,
        Currency = r.Currency,
        CurrencyAccount = r.CurrencyAccount,
        ResultType = r.ResultType,
    };
}

public sealed class RollupTests(RevisedRowsFixture fixture) : IClassFixture<RevisedRowsFixture>
{
    private const string Measures = """
        Rows, Impressions, ImpressionsRows, AdClicks, AdClicksRows, LinkClicks, LinkClicksRows, Streams, Listeners,
        Followers, SpendMedia, SpendTotal, Fees, LinkClicksWithImpressions, ImpressionsWithLinkClicks,
        AdClicksWithImpressions, ImpressionsWithAdClicks, SpendMediaWithLinkClicks, SpendMediaWithImpressions,
        StreamsWithLinkClicks
        """;

    /// <summary>The measures recomputed from the MetricRows m of a group, in <see cref="Measures"/> order.</summary>
    private const string Recomputed = """
        COUNT(*), SUM(m.Impressions), COUNT(m.Impressions), SUM(m.AdClicks), COUNT(m.AdClicks), SUM(m.LinkClicks),
        COUNT(m.LinkClicks), SUM(m.Streams), SUM(m.Listeners), SUM(m.Followers), SUM(m.SpendMedia), SUM(m.SpendTotal),
        SUM(m.Fees),
        IFNULL(SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.LinkClicks END), 0),
        IFNULL(SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.Impressions END), 0),
        IFNULL(SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.AdClicks END), 0),
        IFNULL(SUM(CASE WHEN m.AdClicks IS NOT NULL THEN m.Impressions END), 0),
        IFNULL(SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.SpendMedia END), 0),
        IFNULL(SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.SpendMedia END), 0),
        IFNULL(SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.Streams END), 0)
        """;

    private const string MonthOfDay = "unixepoch(date(m.Day * 86400, 'unixepoch', 'start of month')) / 86400";

    /// <summary>Each rollup table's key as stored, and as computed over MetricRows m joined to Campaigns c.</summary>
    private static readonly (string Table, string Key, string KeyOfRow)[] Tables =
    [
        ("CampaignDayTotals", "CampaignKey, Day, Currency", "m.CampaignKey, m.Day, m.Currency"),
        ("CampaignCountryMonthTotals", "CampaignKey, Country, Month, Currency", $"m.CampaignKey, m.Country, {MonthOfDay}, m.Currency"),
        ("TeamDayTotals", "TeamId, Day, Currency", "c.TeamId, m.Day, m.Currency"),
        ("TeamCountryDayTotals", "TeamId, Day, Country, Currency", "c.TeamId, m.Day, m.Country, m.Currency"),
        ("TeamCountryMonthTotals", "TeamId, Country, Month, Currency", $"c.TeamId, m.Country, {MonthOfDay}, m.Currency"),
    ];

    [Fact]
    public void The_random_deliveries_cover_revisions_redeliveries_currency_changes_and_nulls()
    {
        Assert.True(fixture.Counts.Updated > 100, $"updated {fixture.Counts.Updated}");
        Assert.True(fixture.Counts.Unchanged > 100, $"unchanged {fixture.Counts.Unchanged}");
        Assert.True(fixture.CurrencyChanges > 50, $"currency changes {fixture.CurrencyChanges}");
        Assert.Contains(fixture.Winners.Values, r => r.Impressions is null);
        Assert.Contains(fixture.Winners.Values, r => r.LinkClicks is null && r.Impressions is not null);
    }

    [Fact]
    public async Task The_store_holds_the_newest_delivery_of_every_row()
    {
        Assert.Equal(fixture.Winners.Count, await fixture.Store.ScalarAsync("SELECT COUNT(*) FROM MetricRows"));
        var streams = fixture.Winners.Values.Sum(r => r.Streams);
        Assert.Equal(streams, await fixture.Store.ScalarAsync("SELECT SUM(Streams) FROM MetricRows"));
    }

    [Fact]
    public async Task Each_rollup_table_equals_the_group_by_of_the_metric_rows_after_revisions()
    {
        await AssertRollupsMatchRowsAsync(fixture.Store);
    }

    public static TheoryData<MetricsGrouping, string, bool, string> Queries()
    {
        var data = new TheoryData<MetricsGrouping, string, bool, string>();
        foreach (var grouping in Enum.GetValues<MetricsGrouping>())
        {
            foreach (var campaigns in new[] { "none", "all", "subset" })
            {
                foreach (var countries in new[] { false, true })
                {
                    foreach (var window in Windows.Keys)
                    {
                        data.Add(grouping, campaigns, countries, window);
                    }
                }
            }
        }
        return data;
    }

    private static readonly Dictionary<string, (DateOnly? From, DateOnly? To)> Windows = new()
    {
        ["whole months"] = (new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 31)),
        ["cutting months"] = (new DateOnly(2026, 1, 25), new DateOnly(2026, 3, 17)),
        ["inside one month"] = (new DateOnly(2026, 2, 10), new DateOnly(2026, 2, 20)),
        ["unbounded"] = (null, null),
        ["from a mid-month day on"] = (new DateOnly(2026, 2, 15), null),
        ["up to a month end"] = (null, new DateOnly(2026, 2, 28)),
        ["up to a mid-month day"] = (null, new DateOnly(2026, 3, 9)),
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Answers_equal_those_summed_from_metric_rows_and_an_independent_computation(
        MetricsGrouping grouping, string campaigns, bool someCountries, string window)
    {
        var filter = new MetricsFilter
        {
            TeamId = fixture.TeamA,
            From = Windows[window].From,
            To = Windows[window].To,
            CampaignIds = campaigns switch
            {
                "all" => fixture.CampaignsA,
                "subset" => ["camp-a-0", "camp-a-1", "camp-a-4"],
                _ => [],
            },
            Countries = someCountries ? ["us", "DE", "XK"] : [],
        };

        var answer = await fixture.Store.Metrics.QueryAsync(filter, grouping);
        var fromMetricRows = await fixture.Store.Metrics.QueryAsync(filter, grouping, metricRowsOnly: true);

        Assert.NotEmpty(answer);
        Assert.Equal(fromMetricRows, answer);
        IndependentMetrics.AssertAnswers(IndependentMetrics.Expected(fixture.RowsOf(fixture.TeamA), filter, grouping), answer);
    }

    [Fact]
    public async Task The_team_with_a_campaign_of_the_same_id_gets_only_its_own_rows()
    {
        var filter = new MetricsFilter { TeamId = fixture.TeamB, CampaignIds = ["camp-a-0"], From = new DateOnly(2026, 2, 1) };

        foreach (var grouping in Enum.GetValues<MetricsGrouping>())
        {
            var answer = await fixture.Store.Metrics.QueryAsync(filter, grouping);
            IndependentMetrics.AssertAnswers(IndependentMetrics.Expected(fixture.RowsOf(fixture.TeamB), filter, grouping), answer);
        }
    }

    [Theory]
    [InlineData(true, false, MetricsGrouping.Total, "TeamDayTotals")]
    [InlineData(true, false, MetricsGrouping.Day, "TeamDayTotals")]
    [InlineData(true, false, MetricsGrouping.Week, "TeamDayTotals")]
    [InlineData(true, false, MetricsGrouping.Month, "TeamDayTotals")]
    [InlineData(true, false, MetricsGrouping.Country, "TeamCountryMonthTotals")]
    [InlineData(true, true, MetricsGrouping.Country, "TeamCountryMonthTotals")]
    [InlineData(true, true, MetricsGrouping.Total, "TeamCountryMonthTotals")]
    [InlineData(true, true, MetricsGrouping.Month, "TeamCountryMonthTotals")]
    [InlineData(true, true, MetricsGrouping.Day, "TeamCountryDayTotals")]
    [InlineData(true, true, MetricsGrouping.Week, "TeamCountryDayTotals")]
    [InlineData(false, false, MetricsGrouping.Total, "CampaignDayTotals")]
    [InlineData(false, false, MetricsGrouping.Day, "CampaignDayTotals")]
    [InlineData(false, false, MetricsGrouping.Week, "CampaignDayTotals")]
    [InlineData(false, false, MetricsGrouping.Month, "CampaignDayTotals")]
    [InlineData(false, false, MetricsGrouping.Country, "CampaignCountryMonthTotals")]
    [InlineData(false, true, MetricsGrouping.Country, "CampaignCountryMonthTotals")]
    [InlineData(false, true, MetricsGrouping.Total, "CampaignCountryMonthTotals")]
    [InlineData(false, true, MetricsGrouping.Month, "CampaignCountryMonthTotals")]
    [InlineData(false, true, MetricsGrouping.Day, "MetricRows")]
    [InlineData(false, true, MetricsGrouping.Week, "MetricRows")]
    public void Queries_read_the_smallest_table_that_answers_them(bool allCampaigns, bool someCountries,
        MetricsGrouping grouping, string expected)
    {
        Assert.Equal(expected, MetricsService.ChooseSource(allCampaigns, someCountries, grouping).ToString());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(50, 3)]
    [InlineData(1_000_000, 40)]
    public async Task Rollups_stay_exact_when_pending_changes_are_applied_mid_batch(int applyAt, int applyCampaignsAt)
    {
        await using var store = await TestStore.CreateAsync();
        var team = await store.CreateTeamAsync();
        var random = new Random(RevisedRowsFixture.Seed);
        var rows = TestRows.Generate(seed: 11, campaigns: 3, days: 45, countries: 4);
        // Campaigns interleaved, then revisions (newer, older, in the other currency) in random order.
        var deliveries = rows.OrderBy(r => r.Date).ThenBy(r => r.Country).ToList();
        deliveries.AddRange(rows.Where(_ => random.Next(3) == 0).Select(r => r with
        {
            ExportedAt = r.ExportedAt.AddHours(random.Next(-1, 3)),
            Currency = random.Next(3) == 0 ? (r.Currency == "USD" ? "EUR" : "USD") : r.Currency,
            Streams = r.Streams + 1,
            Impressions = random.Next(4) == 0 ? null : r.Impressions ?? 7,
        }).OrderBy(_ => random.Next()));

        await using (var connection = await store.Store.OpenAsync())
        {
            await using var transaction = connection.BeginTransaction();
            using var writer = new MetricRowWriter(connection, transaction, team, applyAt, applyCampaignsAt);
            foreach (var row in deliveries)
            {
                Assert.Null(writer.Write(RevisedRowsFixture.ToExportRow(row)));
            }
            writer.Complete();
            await transaction.CommitAsync();
        }

        await AssertRollupsMatchRowsAsync(store);
    }

    [Fact]
    public async Task Deleting_a_team_removes_its_rollup_rows_and_keeps_the_other_teams()
    {
        await using var store = await TestStore.CreateAsync();
        var doomed = await store.CreateTeamAsync("doomed");
        var kept = await store.CreateTeamAsync("kept");
        await store.ImportAsync(doomed, TestRows.Generate(seed: 7, campaigns: 3, days: 40));
        await store.ImportAsync(kept, TestRows.Generate(seed: 8, campaigns: 2, days: 40));
        var keptTotals = await store.Metrics.QueryAsync(new MetricsFilter { TeamId = kept }, MetricsGrouping.Country);

        await ExecuteAsync(store, $"DELETE FROM Teams WHERE Id = {doomed}");

        foreach (var table in new[] { "TeamDayTotals", "TeamCountryDayTotals", "TeamCountryMonthTotals" })
        {
            Assert.Equal(0, await store.ScalarAsync($"SELECT COUNT(*) FROM {table} WHERE TeamId = {doomed}"));
        }
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM CampaignDayTotals WHERE CampaignKey NOT IN (SELECT Id FROM Campaigns)"));
        Assert.Equal(0, await store.ScalarAsync("SELECT COUNT(*) FROM CampaignCountryMonthTotals WHERE CampaignKey NOT IN (SELECT Id FROM Campaigns)"));
        Assert.True(await store.ScalarAsync("SELECT COUNT(*) FROM CampaignDayTotals") > 0);
        await AssertRollupsMatchRowsAsync(store);
        Assert.Equal(keptTotals, await store.Metrics.QueryAsync(new MetricsFilter { TeamId = kept }, MetricsGrouping.Country));
    }

    [Fact]
    public async Task Deleting_a_campaign_takes_its_rows_out_of_its_teams_totals()
    {
        await using var store = await TestStore.CreateAsync();
        var team = await store.CreateTeamAsync();
        var rows = TestRows.Generate(seed: 9, campaigns: 3, days: 40);
        await store.ImportAsync(team, rows);

        await ExecuteAsync(store, "DELETE FROM Campaigns WHERE CampaignId = 'camp-9-1'");

        await AssertRollupsMatchRowsAsync(store);
        var remaining = rows.Where(r => r.CampaignId != "camp-9-1").ToList();
        foreach (var grouping in Enum.GetValues<MetricsGrouping>())
        {
            var filter = new MetricsFilter { TeamId = team };
            IndependentMetrics.AssertAnswers(IndependentMetrics.Expected(remaining, filter, grouping),
                await store.Metrics.QueryAsync(filter, grouping));
        }
    }

    [Fact]
    public async Task The_migration_fills_the_rollups_from_rows_stored_before_it()
    {
        await using var store = await TestStore.CreateAtMigrationAsync("20261127033522_Sync");
        var team = await store.CreateTeamAsync();
        var rows = TestRows.Generate(seed: 10, campaigns: 3, days: 70);
        rows[5] = rows[5] with { Impressions = null, LinkClicks = null, AdClicks = null };
        await using (var connection = await store.Store.OpenAsync())
        {
            await using var transaction = connection.BeginTransaction();
            foreach (var campaign in rows.Select(r => r.CampaignId).Distinct())
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO Campaigns (TeamId, Provider, AccountId, CampaignId, Name, SyncState)
                    VALUES ($t, 'soundlink', $a, $c, $c, 0)
                    """;
                insert.Parameters.AddWithValue("$t", team);
                insert.Parameters.AddWithValue("$a", rows[0].AccountId);
                insert.Parameters.AddWithValue("$c", campaign);
                await insert.ExecuteNonQueryAsync();
            }
            foreach (var r in rows)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO MetricRows (CampaignKey, Day, Country, ExportedAt, Impressions, AdClicks, LinkClicks,
                        Streams, Listeners, Followers, SpendMedia, SpendTotal, Fees, Currency)
                    SELECT Id, $d, $c, 0, $imp, $ac, $lc, $s, $l, $f, $sm, $st, $fe, $cur FROM Campaigns WHERE CampaignId = $k
                    """;
                insert.Parameters.AddWithValue("$k", r.CampaignId);
                insert.Parameters.AddWithValue("$d", StoreEncoding.ToDay(r.Date));
                insert.Parameters.AddWithValue("$c", r.Country);
                insert.Parameters.AddWithValue("$imp", (object?)r.Impressions ?? DBNull.Value);
                insert.Parameters.AddWithValue("$ac", (object?)r.AdClicks ?? DBNull.Value);
                insert.Parameters.AddWithValue("$lc", (object?)r.LinkClicks ?? DBNull.Value);
                insert.Parameters.AddWithValue("$s", r.Streams);
                insert.Parameters.AddWithValue("$l", r.Listeners);
                insert.Parameters.AddWithValue("$f", r.Followers);
                insert.Parameters.AddWithValue("$sm", StoreEncoding.ToMicros(r.SpendMedia));
                insert.Parameters.AddWithValue("$st", StoreEncoding.ToMicros(r.SpendTotal));
                insert.Parameters.AddWithValue("$fe", StoreEncoding.ToMicros(r.Fees));
                insert.Parameters.AddWithValue("$cur", r.Currency);
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }

        await store.Services.GetRequiredService<StoreMigrator>().MigrateAsync();

        Assert.True(await store.ScalarAsync("SELECT COUNT(*) FROM CampaignCountryMonthTotals") > 0);
        await AssertRollupsMatchRowsAsync(store);
        foreach (var grouping in Enum.GetValues<MetricsGrouping>())
        {
            var filter = new MetricsFilter { TeamId = team, CampaignIds = ["camp-10-0", "camp-10-2"], From = new DateOnly(2026, 3, 10) };
            IndependentMetrics.AssertAnswers(IndependentMetrics.Expected(rows, filter, grouping), await store.Metrics.QueryAsync(filter, grouping));
        }
    }

    /// <summary>Each rollup table holds exactly the GROUP BY of MetricRows: no row missing, none extra, none empty.</summary>
    private static async Task AssertRollupsMatchRowsAsync(TestStore store)
    {
        foreach (var (table, key, keyOfRow) in Tables)
        {
            var stored = $"SELECT {key}, {Measures} FROM {table}";
            var recomputed = $"SELECT {keyOfRow}, {Recomputed} FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey GROUP BY {keyOfRow}";
            Assert.True(await store.ScalarAsync($"SELECT COUNT(*) FROM ({recomputed})") > 0, $"{table}: no rows to compare");
            Assert.Equal(0, await store.ScalarAsync($"SELECT COUNT(*) FROM ({stored} EXCEPT {recomputed})"));
            Assert.Equal(0, await store.ScalarAsync($"SELECT COUNT(*) FROM ({recomputed} EXCEPT {stored})"));
            Assert.Equal(await store.ScalarAsync($"SELECT COUNT(*) FROM ({recomputed})"), await store.ScalarAsync($"SELECT COUNT(*) FROM {table}"));
        }
    }

    private static async Task ExecuteAsync(TestStore store, string sql)
    {
        await using var connection = await store.Store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
