using System.CommandLine;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>migrate</c>: opening the store applies pending migrations; this only says which.</summary>
internal sealed class MigrateCommand : Command
{
    public MigrateCommand(CliContext cli) : base("migrate", "Apply pending database migrations.")
    {
        SetAction(async (_, _) =>
        {
            await cli.StoreAsync();
            await cli.Out.WriteLineAsync(cli.Migrated.Count == 0
                ? "The database is up to date."
                : $"Applied {cli.Migrated.Count} migration(s): {string.Join(", ", cli.Migrated)}");
            return 0;
        });
    }
}
