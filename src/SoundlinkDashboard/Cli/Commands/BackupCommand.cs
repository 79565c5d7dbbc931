using System.CommandLine;
using System.Globalization;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>backup &lt;folder&gt;</c>: an online SQLite backup, integrity-checked, and the Data Protection key ring.</summary>
internal sealed class BackupCommand : Command
{
    public BackupCommand(CliContext cli)
        : base("backup", "Copy the database (SQLite online backup, safe while the app runs) and the Data Protection key ring into a new folder.")
    {
        var folder = new Argument<string>("folder") { Description = "the new folder to write the backup to" };
        folder.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && value.StartsWith('-'))
            {
                result.AddError("backup needs one argument: the folder to write the backup to");
            }
        });
        Add(folder);
        SetAction(async (parse, _) =>
        {
            var services = await cli.StoreAsync();
            try
            {
                var result = await services.GetRequiredService<StoreBackup>().BackupAsync(parse.GetRequiredValue(folder));
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Backed up the database ({result.DatabaseBytes / 1048576.0:0.0} MiB, integrity ok) and the key ring ({result.KeyFiles} file(s)) to {result.Folder}."));
                return 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                throw new CliFailure(ex.Message, 1);
            }
        });
    }
}
