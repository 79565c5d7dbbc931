using System.CommandLine;
using System.Globalization;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Sync;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>campaigns add</c> (registers campaigns of a key for sync) and <c>campaigns list</c>.</summary>
internal sealed class CampaignsCommand : Command
{
    public CampaignsCommand(CliContext cli) : base("campaigns", "Register the team's campaigns for sync and list them.")
    {
        var team = CliOptions.Team();
        var keyName = new Option<string>("--key") { Description = "the name of the team's key that reads them", HelpName = "N", Required = true };
        var all = CliOptions.Flag("--all", "every campaign the key can read");
        var ids = new Argument<string[]>("ID") { Description = "the campaigns to register", Arity = ArgumentArity.ZeroOrMore };
        var add = new Command("add", "Register campaigns of the key for sync: --all or campaign ids.") { team, keyName, all, ids };
        add.Validators.Add(result =>
        {
            if ((result.GetResult(all) is not null) == (result.GetValue(ids) is { Length: > 0 }))
            {
                result.AddError("campaigns add takes either --all or campaign ids");
            }
        });
        add.SetAction(async (parse, _) =>
        {
            var services = await cli.StoreAsync();
            var campaigns = services.GetRequiredService<CampaignService>();
            var vault = services.GetRequiredService<KeyVault>();
            var context = await cli.OperatorTeamAsync(parse.GetRequiredValue(team));
            var wantedKey = parse.GetRequiredValue(keyName);
            var key = (await vault.ListAsync(context)).FirstOrDefault(k => k.Name == wantedKey)
                ?? throw new CliFailure($"team {context.Slug} has no key named \"{wantedKey}\" (see keys list)", 2);
            IReadOnlyList<string> registering = parse.GetValue(ids) ?? [];
            if (parse.GetValue(all))
            {
                var client = services.GetRequiredService<SoundlinkClients>().Create();
                var connection = vault.ConnectionForAsync(context, key.Id);
                var every = new List<string>();
                try
                {
                    await foreach (var summary in client.AllCampaignsAsync(await connection))
                    {
                        every.Add(summary.CampaignId);
                    }
                }
                catch (Soundlink.Client.Api.SoundlinkApiException ex)
                {
                    throw new CliFailure($"Soundlink refused the campaign list: {KeyVault.Describe(ex)}", 1);
                }
                registering = every;
            }
            var outcomes = await campaigns.RegisterAsync(context, key.Id, registering);
            foreach (var outcome in outcomes)
            {
                await cli.Out.WriteLineAsync(outcome.Registered ? $"registered {outcome.CampaignId}" : $"not registered {outcome.CampaignId}: {outcome.Problem}");
            }
            return outcomes.All(o => o.Registered) ? 0 : 1;
        });

        var listTeam = CliOptions.Team();
        var list = new Command("list", "State, data through and last run of each campaign.") { listTeam };
        list.SetAction(async (parse, _) =>
        {
            var campaigns = (await cli.StoreAsync()).GetRequiredService<CampaignService>();
            foreach (var c in await campaigns.ListAsync(await cli.OperatorTeamAsync(parse.GetRequiredValue(listTeam))))
            {
                var through = c.LastReportDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no data";
                var last = c.LastRun is { } run ? $"last run {run.Outcome.ToString().ToLowerInvariant()} {run.StartedAt:yyyy-MM-dd HH:mm}Z" : "never synced";
                await cli.Out.WriteLineAsync($"{c.CampaignId}\t{c.Name}\t{(c.Registered ? c.State.ToString().ToLowerInvariant() : "imported")}\tdata through {through}\t{last}{(c.Problem is null ? "" : $"\t{c.Problem}")}");
            }
            return 0;
        });

        Add(add);
        Add(list);
    }
}
