using Microsoft.Data.Sqlite;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Tests.Cli;

public sealed class BackupCliTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _target = Path.Combine(Path.GetTempPath(), "sd-cli-tests", $"backup-{Guid.NewGuid():N}");

    public void Dispose()
    {
        _cli.Dispose();
        if (Directory.Exists(_target))
        {
            Directory.Delete(_target, recursive: true);
        }
    }

    private static async Task<string> FingerprintAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) || '|' || SUM(Streams) || '|' || SUM(SpendMedia) FROM MetricRows) || '#' ||
                   (SELECT COUNT(*) || '|' || SUM(Streams) FROM TeamDayTotals) || '#' ||
                   (SELECT group_concat(Slug) FROM Teams) || '#' || (SELECT group_concat(MigrationId) FROM __EFMigrationsHistory)
            """;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Backup_copies_a_checked_database_and_the_key_ring_that_a_restore_can_use()
    {
        await _cli.RunAsync("teams", "add", "label");
        var file = _cli.WriteFile("rows.jsonl", TestRow.ToJsonl(TestRows.Generate(seed: 5, campaigns: 2, days: 4, countries: 3)));
        Assert.Equal(0, (await _cli.RunAsync("import", file, "--team", "label")).Exit);
        // Storing a key makes Data Protection write its key ring; the check against a closed port may fail, the key stays.
        _cli.AllowedBaseUrls.Add("http://127.0.0.1:9");
        await _cli.RunWithInputAsync("sk_backup_0123456789abcdef\n", "keys", "add", "--team", "label", "--name", "Main", "--base-url", "http://127.0.0.1:9");

        var (exit, output, error) = await _cli.RunAsync("backup", _target);

        Assert.True(exit == 0, error);
        Assert.Contains("integrity ok", output);
        Assert.Equal(await FingerprintAsync(_cli.DatabasePath), await FingerprintAsync(Path.Combine(_target, "soundlink.db")));
        var keys = Directory.GetFiles(_cli.KeysPath).Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(keys);
        Assert.Equal(keys, Directory.GetFiles(Path.Combine(_target, "keys")).Select(Path.GetFileName).Order());
        foreach (var key in keys)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_cli.KeysPath, key!)), await File.ReadAllBytesAsync(Path.Combine(_target, "keys", key!)));
        }
    }

    [Fact]
    public async Task Backup_refuses_a_folder_that_holds_a_backup_and_needs_a_folder()
    {
        Assert.Equal(0, (await _cli.RunAsync("backup", _target)).Exit);

        var again = await _cli.RunAsync("backup", _target);
        var missing = await _cli.RunAsync("backup");

        Assert.Equal(1, again.Exit);
        Assert.Contains("already holds a backup", again.Err);
        Assert.Equal(2, missing.Exit);
    }
}
