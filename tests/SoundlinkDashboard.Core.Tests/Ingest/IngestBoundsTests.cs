using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Ingest;

/// <summary>What an import keeps of untrusted input: bounded rejects, no future exports, exact exported_at, checked sums.</summary>
public sealed class IngestBoundsTests : IAsyncLifetime
{
    private TestStore _store = null!;
    private int _team;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _team = await _store.CreateTeamAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Only_the_first_thousand_rejected_lines_of_a_batch_are_kept_and_the_rest_are_counted()
    {
        var good = TestRows.Generate(seed: 1, campaigns: 1, days: 2, countries: 2);
        var text = new StringBuilder();
        foreach (var row in good)
        {
            text.AppendLine(row.ToJson());
        }
        for (var i = 0; i < 1_500; i++)
        {
            text.AppendLine("{\"not\": \"a row\"}");
        }

        var result = await _store.ImportAsync(_team, text.ToString());

        Assert.Equal(good.Count, result.Counts.Inserted);
        Assert.Equal(1_500, result.RejectedCount);
        Assert.Equal(IngestBatch.MaxRejectedLinesKept, result.RejectedKept);
        Assert.Equal(IngestBatch.MaxRejectedLinesKept, await _store.ScalarAsync($"SELECT COUNT(*) FROM RejectedLines WHERE BatchId = {result.BatchId}"));
        Assert.Equal(1_500, await _store.ScalarAsync($"SELECT Rejected FROM ImportBatches WHERE Id = {result.BatchId}"));
        Assert.Equal(good.Count + 1, await _store.ScalarAsync($"SELECT MIN(LineNumber) FROM RejectedLines WHERE BatchId = {result.BatchId}"));
    }

    [Fact]
    public async Task A_row_exported_in_the_future_is_refused_and_cannot_block_later_deliveries()
    {
        var now = DateTimeOffset.UtcNow;
        var poisoned = TestRows.Generate(seed: 2, campaigns: 1, days: 1, countries: 1, exportedAt: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero))[0] with { Streams = 999_999 };
        var honest = poisoned with { ExportedAt = now.AddMinutes(-5), Streams = 12 };

        var refused = await _store.ImportAsync(_team, [poisoned]);
        var stored = await _store.ImportAsync(_team, [honest]);

        Assert.Equal(1, refused.RejectedCount);
        Assert.Equal(1, refused.RejectedByKind[RejectKind.FutureExportedAt]);
        Assert.Equal(1, stored.Counts.Inserted);
        Assert.Equal(12, await _store.ScalarAsync("SELECT Streams FROM MetricRows"));
    }

    [Fact]
    public async Task Exported_at_is_compared_to_the_digit_the_api_sends()
    {
        var row = TestRows.Generate(seed: 3, campaigns: 1, days: 1, countries: 1)[0];
        var at = "2026-06-01T02:00:00.1234567Z";
        var earlier = "2026-06-01T02:00:00.1234566Z";
        string Line(string exportedAt, long streams) => row.ToJson().Replace(
            "\"exported_at\":\"2026-06-01T02:00:00Z\"", $"\"exported_at\":\"{exportedAt}\"", StringComparison.Ordinal)
            .Replace($"\"streams\":{row.Streams}", $"\"streams\":{streams}", StringComparison.Ordinal);
        Assert.Contains("2026-06-01T02:00:00.1234566Z", Line(earlier, 1));

        await _store.ImportAsync(_team, Line(earlier, 1));
        var newer = await _store.ImportAsync(_team, Line(at, 2));
        var older = await _store.ImportAsync(_team, Line(earlier, 3));

        Assert.Equal(1, newer.Counts.Updated);
        Assert.Equal(1, older.Counts.Unchanged);
        Assert.Equal(2, await _store.ScalarAsync("SELECT Streams FROM MetricRows"));
        Assert.Equal(StoreEncoding.ToExportedAt(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)),
            await _store.ScalarAsync("SELECT ExportedAt FROM MetricRows"));
    }

    [Fact]
    public async Task Money_sums_past_the_largest_whole_number_fail_the_batch_with_a_clear_error_instead_of_wrapping()
    {
        // Each row is under the largest amount a row may carry; ten of them in one month sum past long.MaxValue millionths.
        var rows = TestRows.Generate(seed: 4, campaigns: 1, days: 10, countries: 1)
            .Select(r => r with { SpendMedia = 999_999_999_999m, SpendTotal = 999_999_999_999m, Fees = 0m })
            .ToList();

        var error = await Assert.ThrowsAsync<OverflowException>(() => _store.ImportAsync(_team, rows));

        Assert.Contains("largest whole number", error.Message);
        Assert.Equal(0, await _store.ScalarAsync("SELECT COUNT(*) FROM MetricRows"));
        Assert.Equal(0, await _store.ScalarAsync("SELECT COUNT(*) FROM CampaignDayTotals"));
    }

    [Fact]
    public async Task A_stored_rollup_sum_that_would_overflow_fails_the_batch_instead_of_turning_into_a_float()
    {
        // Two batches of five days in one month: each batch's sum fits, the month's stored sum plus the second would not.
        var rows = TestRows.Generate(seed: 5, campaigns: 1, days: 10, countries: 1)
            .Select(r => r with { SpendMedia = 999_999_999_999m, SpendTotal = 999_999_999_999m, Fees = 0m }).ToList();
        await _store.ImportAsync(_team, rows[..5]);

        var error = await Assert.ThrowsAsync<OverflowException>(() => _store.ImportAsync(_team, rows[5..]));

        Assert.Contains("largest whole number", error.Message);
        Assert.Equal(5, await _store.ScalarAsync("SELECT COUNT(*) FROM MetricRows"));
        Assert.Equal(0, await _store.ScalarAsync("SELECT COUNT(*) FROM CampaignCountryMonthTotals WHERE typeof(SpendMedia) <> 'integer'"));
    }

    [Fact]
    public async Task The_migration_moves_stored_exported_at_from_milliseconds_to_ticks()
    {
        await using var old = await TestStore.CreateAtMigrationAsync("20261201090000_Rollups");
        var team = await old.CreateTeamAsync();
        await using (var connection = await old.Store.OpenAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO Campaigns (TeamId, Provider, AccountId, CampaignId, Name, SyncState) VALUES ($t, 'soundlink', 'a', 'c', 'c', 0);
                INSERT INTO MetricRows (CampaignKey, Day, Country, ExportedAt, Streams, Listeners, Followers, SpendMedia, SpendTotal, Fees, Currency)
                SELECT Id, 20000, 'US', $ms, 1, 1, 0, 0, 0, 0, 'USD' FROM Campaigns;
                """;
            command.Parameters.AddWithValue("$t", team);
            command.Parameters.AddWithValue("$ms", new DateTimeOffset(2026, 6, 1, 2, 0, 0, 123, TimeSpan.Zero).ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync();
        }

        await old.Services.GetRequiredService<StoreMigrator>().MigrateAsync();

        Assert.Equal(StoreEncoding.ToExportedAt(new DateTimeOffset(2026, 6, 1, 2, 0, 0, 123, TimeSpan.Zero)),
            await old.ScalarAsync("SELECT ExportedAt FROM MetricRows"));
    }
}
