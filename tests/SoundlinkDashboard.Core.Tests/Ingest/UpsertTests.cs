using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Ingest;

public sealed class UpsertTests : IAsyncLifetime
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
    public async Task Importing_the_same_file_twice_gives_the_same_table()
    {
        var rows = TestRows.Generate(seed: 1);

        var first = await _store.ImportAsync(_team, rows);
        var afterFirst = await _store.DumpMetricRowsAsync();
        var second = await _store.ImportAsync(_team, rows);

        Assert.Equal(rows.Count, first.Counts.Inserted);
        Assert.Equal(0, first.Counts.Updated + first.Counts.Unchanged);
        Assert.Equal(new Core.Store.UpsertCounts(0, 0, rows.Count), second.Counts);
        Assert.Equal(rows.Count, afterFirst.Count);
        Assert.Equal(afterFirst, await _store.DumpMetricRowsAsync());
    }

    [Fact]
    public async Task Reversed_line_order_gives_the_same_table()
    {
        var rows = TestRows.Generate(seed: 2);
        await _store.ImportAsync(_team, rows);
        var forward = await _store.DumpMetricRowsAsync();

        await using var other = await TestStore.CreateAsync();
        var otherTeam = await other.CreateTeamAsync();
        await other.ImportAsync(otherTeam, Enumerable.Reverse(rows));

        Assert.Equal(forward, await other.DumpMetricRowsAsync());
    }

    [Fact]
    public async Task Overlapping_batches_keep_the_newest_values_and_count_what_they_did()
    {
        var oldExport = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var newExport = oldExport.AddDays(1);
        var early = TestRows.Generate(seed: 3, campaigns: 1, days: 10, exportedAt: oldExport);
        var late = TestRows.Generate(seed: 4, campaigns: 1, days: 10, start: new DateOnly(2026, 3, 6), exportedAt: newExport)
            .Select(r => r with { CampaignId = early[0].CampaignId })
            .ToList();

        await _store.ImportAsync(_team, early);
        var result = await _store.ImportAsync(_team, late);

        var overlap = late.Count(r => r.Date <= early.Max(e => e.Date));
        Assert.Equal(overlap, result.Counts.Updated);
        Assert.Equal(late.Count - overlap, result.Counts.Inserted);

        // Same table as importing only the winners, in one batch.
        var winners = early.Where(e => e.Date < late.Min(l => l.Date)).Concat(late).ToList();
        await using var expected = await TestStore.CreateAsync();
        await expected.ImportAsync(await expected.CreateTeamAsync(), winners);
        Assert.Equal(await expected.DumpMetricRowsAsync(), await _store.DumpMetricRowsAsync());
    }

    [Fact]
    public async Task An_older_redelivery_never_overwrites_newer_data()
    {
        var newer = new TestRow { ExportedAt = new DateTimeOffset(2026, 5, 21, 0, 0, 0, TimeSpan.Zero), Streams = 500 };
        var older = newer with { ExportedAt = newer.ExportedAt.AddHours(-1), Streams = 1 };

        await _store.ImportAsync(_team, [newer]);
        var result = await _store.ImportAsync(_team, [older]);

        Assert.Equal(new Core.Store.UpsertCounts(0, 0, 1), result.Counts);
        Assert.Equal(500, await _store.ScalarAsync("SELECT Streams FROM MetricRows"));
    }

    [Fact]
    public async Task An_equal_exported_at_changes_nothing_and_a_newer_one_wins()
    {
        var row = new TestRow { Streams = 10 };
        await _store.ImportAsync(_team, [row]);

        var same = await _store.ImportAsync(_team, [row with { Streams = 99 }]);
        Assert.Equal(1, same.Counts.Unchanged);
        Assert.Equal(10, await _store.ScalarAsync("SELECT Streams FROM MetricRows"));

        var revised = await _store.ImportAsync(_team, [row with { Streams = 11, ExportedAt = row.ExportedAt.AddSeconds(1) }]);
        Assert.Equal(1, revised.Counts.Updated);
        Assert.Equal(11, await _store.ScalarAsync("SELECT Streams FROM MetricRows"));
    }

    [Fact]
    public async Task Duplicate_keys_within_one_file_keep_the_newest()
    {
        var row = new TestRow { Streams = 1 };
        var newer = row with { Streams = 2, ExportedAt = row.ExportedAt.AddMinutes(5) };

        var result = await _store.ImportAsync(_team, [row, newer, row]);

        Assert.Equal(new Core.Store.UpsertCounts(1, 1, 1), result.Counts);
        Assert.Equal(2, await _store.ScalarAsync("SELECT Streams FROM MetricRows"));
    }

    [Fact]
    public async Task A_campaign_arriving_under_another_account_is_rejected_by_line()
    {
        var row = new TestRow();
        var foreign = row with { AccountId = "11111111-2222-3333-4444-555555555555", Country = "DE" };

        var result = await _store.ImportAsync(_team, [row, foreign]);

        Assert.Equal(1, result.RejectedCount);
        var rejected = await _store.Importer.RejectedLinesAsync(result.BatchId).ToListAsync();
        Assert.Equal(2, Assert.Single(rejected).Line);
        Assert.Contains("account", rejected[0].Reason);
        Assert.Equal(1, await _store.ScalarAsync("SELECT COUNT(*) FROM MetricRows"));
    }

    [Fact]
    public async Task The_campaign_name_follows_the_newest_export()
    {
        var row = new TestRow { CampaignName = "Old name" };
        await _store.ImportAsync(_team, [row with { CampaignName = "New name", ExportedAt = row.ExportedAt.AddDays(1), Country = "DE" }, row]);

        await using var connection = await _store.Store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name || '|' || FirstReportDate || '|' || LastReportDate FROM Campaigns";
        Assert.Equal("New name|2026-04-01|2026-04-01", (string)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Rejected_lines_are_recorded_with_the_batch_and_good_lines_still_commit()
    {
        var good = new TestRow();
        var jsonl = good.ToJson() + "\n{\"provider\":\"soundlink\"}\n\nnot json\n" + (good with { Country = "DE" }).ToJson();

        var result = await _store.ImportAsync(_team, jsonl);

        Assert.Equal(4, result.Read);
        Assert.Equal(2, result.Counts.Inserted);
        var rejected = await _store.Importer.RejectedLinesAsync(result.BatchId).ToListAsync();
        Assert.Equal([2L, 4L], rejected.Select(r => r.Line));
        Assert.Equal(2, await _store.ScalarAsync($"SELECT Rejected FROM ImportBatches WHERE Id = {result.BatchId}"));
        Assert.Equal(1, await _store.ScalarAsync("SELECT COUNT(*) FROM RejectedLines WHERE LineNumber = 4 AND Excerpt = 'not json'"));
    }

    [Fact]
    public async Task A_file_that_fails_midway_leaves_nothing_behind()
    {
        var rows = TestRows.Generate(seed: 5);
        var bytes = System.Text.Encoding.UTF8.GetBytes(TestRow.ToJsonl(rows));
        await using var failing = new FailingStream(bytes, failAfter: bytes.Length / 2);

        await Assert.ThrowsAsync<IOException>(() => _store.Importer.ImportAsync(_team, failing, "broken.jsonl"));

        Assert.Equal(0, await _store.ScalarAsync("SELECT COUNT(*) FROM MetricRows"));
        Assert.Equal(0, await _store.ScalarAsync("SELECT COUNT(*) FROM ImportBatches"));
        Assert.Equal(0, await _store.ScalarAsync("SELECT COUNT(*) FROM Campaigns"));
    }

    [Fact]
    public async Task Rows_are_stored_compactly_without_ratio_columns()
    {
        await _store.ImportAsync(_team, TestRows.Generate(seed: 6));

        var columns = await _store.ScalarAsync("SELECT COUNT(*) FROM pragma_table_info('MetricRows')");
        Assert.Equal(16, columns);
        Assert.Equal(1, await _store.ScalarAsync("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'MetricRows' AND sql LIKE '%WITHOUT ROWID%'"));
    }

    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter)
            {
                throw new IOException("connection reset");
            }
            return base.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], cancellationToken);
        }
    }
}
