using System.CommandLine;
using System.Globalization;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>store verify</c> and <c>store rebuild-rollups</c>: prove and mend the rollup tables.</summary>
internal sealed class StoreCommand : Command
{
    private const int Limit = 1_000;

    public StoreCommand(CliContext cli) : base("store", "Check and rebuild the rollup tables.")
    {
        var verify = new Command("verify",
            "Compare every rollup table with the sums of the stored rows; prints each difference, exit 1 on any.");
        verify.SetAction(async (_, _) =>
        {
            var audit = (await cli.StoreAsync()).GetRequiredService<RollupAudit>();
            var differences = await audit.VerifyAsync(Limit);
            foreach (var d in differences)
            {
                await cli.Out.WriteLineAsync($"{d.Table} ({d.Key}): sums of the rows {d.Expected ?? "none (no rows)"}; rollup holds {d.Stored ?? "nothing"}");
            }
            await cli.Out.WriteLineAsync(differences.Count == 0
                ? "Every rollup table equals the sums of the stored rows."
                : $"{differences.Count}{(differences.Count >= Limit ? "+" : "")} rollup rows differ from the sums of the stored rows; fix them with: store rebuild-rollups");
            return differences.Count == 0 ? 0 : 1;
        });

        var rebuild = new Command("rebuild-rollups", "Rebuild every rollup table from the stored rows (one transaction).");
        rebuild.SetAction(async (_, _) =>
        {
            var audit = (await cli.StoreAsync()).GetRequiredService<RollupAudit>();
            var written = await audit.RebuildAsync();
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rebuilt the rollup tables from the stored rows: {written:N0} rollup rows."));
            return 0;
        });

        Add(verify);
        Add(rebuild);
    }
}
