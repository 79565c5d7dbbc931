using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SoundlinkDashboard.Core.Store;

/// <summary>Opens SQLite connections with the settings every connection of the app needs.</summary>
public sealed class SqliteStore(string connectionString)
{
    private const string Pragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";

    public string ConnectionString { get; } = connectionString;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Configure(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal static void Configure(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <summary>Resolves a relative SQLite file path against the content root and creates its folder.</summary>
    public static string ResolveConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? "Data Source=data/soundlink.db"
            : configured);
        var source = builder.DataSource;
        var inMemory = source.Length == 0 || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory;
        if (!inMemory && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Path.IsPathRooted(source))
            {
                builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, source));
            }
            CreatePrivateFile(builder.DataSource);
        }
        return builder.ToString();
    }

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The database holds password hashes and encrypted keys: on Unix a new folder is made 0700 and the file 0600
    /// before SQLite opens it (SQLite gives the -wal and -shm files the main file's mode). An existing file, WAL or
    /// shared-memory file readable by others is narrowed to 0600 too.
    /// </summary>
    internal static void CreatePrivateFile(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }))
            {
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            // It exists already (the normal case after the first start).
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnlyFile) != 0)
            {
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) & OwnerOnlyFile);
            }
        }
    }
}

internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        SqliteStore.Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        SqliteStore.Configure(connection);
        return Task.CompletedTask;
    }
}
