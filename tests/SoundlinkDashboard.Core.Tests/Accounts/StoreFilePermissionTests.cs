using Microsoft.Data.Sqlite;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Accounts;

/// <summary>The database, its WAL and shared-memory files are the owner's alone on Unix; a new data folder too.</summary>
public sealed class StoreFilePermissionTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_new_database_and_its_wal_and_shm_files_are_0600_and_a_new_data_folder_0700()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var root = Path.Combine(Path.GetTempPath(), "sd-perm-tests", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(root, "data", "soundlink.db");
        try
        {
            var connectionString = SqliteStore.ResolveConnectionString("Data Source=data/soundlink.db", root);
            var store = new SqliteStore(connectionString);
            await using (var connection = await store.OpenAsync())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);";
                await command.ExecuteNonQueryAsync();

                // While a connection is open, the WAL and shared-memory files exist: SQLite made them.
                Assert.True(File.Exists(file + "-wal"), "no WAL file");
                Assert.True(File.Exists(file + "-shm"), "no shared-memory file");
                Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file));
                Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file + "-wal"));
                Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file + "-shm"));
            }
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.Combine(root, "data")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void An_existing_database_readable_by_others_is_narrowed_to_0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var root = Path.Combine(Path.GetTempPath(), "sd-perm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "old.db");
        File.WriteAllBytes(file, []);
        File.SetUnixFileMode(file, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            SqliteStore.ResolveConnectionString($"Data Source={file}", root);

            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
