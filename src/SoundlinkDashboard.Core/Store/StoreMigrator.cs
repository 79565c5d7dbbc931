using Microsoft.EntityFrameworkCore;

namespace SoundlinkDashboard.Core.Store;

public sealed class StoreMigrator(IDbContextFactory<AppDbContext> contexts)
{
    /// <summary>Applies pending migrations and switches the file to WAL (a persistent setting).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        return pending;
    }
}
