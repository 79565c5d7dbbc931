using Microsoft.Data.Sqlite;
using SoundlinkDashboard.Core.Accounts;

namespace SoundlinkDashboard.Core.Store;

public sealed record BackupResult(string Folder, string DatabaseFile, long DatabaseBytes, int KeyFiles);

/// <summary>
/// A consistent copy of the running store: SQLite's online backup of the database (safe while the app writes) and a
/// copy of the Data Protection key ring, without which the stored API keys cannot be decrypted.
/// </summary>
public sealed class StoreBackup(SqliteStore store, KeyRingLocation keyRing)
{
    public const string DatabaseFileName = "soundlink.db";
    public const string KeysFolderName = "keys";

    public async Task<BackupResult> BackupAsync(string folder, CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder);
        var database = Path.Combine(folder, DatabaseFileName);
        var keys = Path.Combine(folder, KeysFolderName);
        if (File.Exists(database) || Directory.Exists(keys))
        {
            throw new InvalidOperationException($"{folder} already holds a backup; pick an empty or new folder.");
        }
        Directory.CreateDirectory(folder);

        await using (var source = await store.OpenAsync(cancellationToken))
        await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            await target.OpenAsync(cancellationToken);
            source.BackupDatabase(target);
            await using var check = target.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            var verdict = (string?)await check.ExecuteScalarAsync(cancellationToken);
            if (verdict != "ok")
            {
                throw new InvalidOperationException($"The backup copy failed its integrity check: {verdict}");
            }
        }

        Directory.CreateDirectory(keys);
        var copied = 0;
        foreach (var file in Directory.EnumerateFiles(keyRing.Path))
        {
            File.Copy(file, Path.Combine(keys, Path.GetFileName(file)));
            copied++;
        }
        return new BackupResult(folder, database, new FileInfo(database).Length, copied);
    }
}
