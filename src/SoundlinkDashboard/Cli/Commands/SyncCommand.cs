using System.CommandLine;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>sync [--team slug] [--campaign ID]...</c>: runs the registered campaigns' syncs now.</summary>
internal sealed class SyncCommand : Command
{
    public SyncCommand(CliContext cli)
        : base("sync", "Sync registered campaigns now; progress on standard error; exit 0 when every run succeeded, 1 otherwise.")
    {
        var team = CliOptions.Team(required: false);
        team.Description = "only this team's campaigns (default: every team's)";
        var only = CliOptions.Repeatable("--campaign", "ID", "only this campaign (repeat for more)");
        Add(team);
        Add(only);
        SetAction(async (parse, _) =>
        {
            var services = await cli.StoreAsync();
            var campaigns = services.GetRequiredService<CampaignService>();
            var teams = parse.GetValue(team) is { } slug
                ? [await cli.OperatorTeamAsync(slug)]
                : await Task.WhenAll((await services.GetRequiredService<TeamService>().ListAsync()).Select(t => cli.OperatorTeamAsync(t.Team.Slug)));
            var wanted = (parse.GetValue(only) ?? []).ToHashSet(StringComparer.Ordinal);
            services.GetRequiredService<SyncProgress>().Changed += (info, _) =>
            {
                if (info is not null)
                {
                    cli.Error.WriteLine($"… {info.From:yyyy-MM-dd}..{info.To:yyyy-MM-dd}: {info.SlicesDone}/{info.Slices} slices, {info.RowsRead:N0} rows");
                }
            };
            var failed = 0;
            var ran = 0;
            var named = wanted.Count > 0;
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var context in teams)
            {
                foreach (var campaign in (await campaigns.ListAsync(context)).Where(c => c.Registered && (!named || wanted.Contains(c.CampaignId))))
                {
                    found.Add(campaign.CampaignId);
                    ran++;
                    await cli.Error.WriteLineAsync($"syncing {campaign.CampaignId} ({campaign.Name}) of {context.Slug}");
                    var result = await campaigns.SyncAsync(context, campaign.Key, SyncTrigger.Cli);
                    if (result.Outcome == SyncOutcome.Succeeded)
                    {
                        await cli.Out.WriteLineAsync($"{campaign.CampaignId}: {result.RowsRead:N0} rows read, {result.Inserted:N0} inserted, {result.Updated:N0} updated, {result.Unchanged:N0} unchanged, {result.Rejected:N0} rejected");
                    }
                    else
                    {
                        failed++;
                        await cli.Out.WriteLineAsync($"{campaign.CampaignId}: failed: {result.Message}");
                    }
                }
            }
            if (wanted.Except(found).ToList() is { Count: > 0 } missing)
            {
                throw new CliFailure($"not registered: {string.Join(", ", missing)} (see campaigns list)", 2);
            }
            if (ran == 0)
            {
                await cli.Out.WriteLineAsync("No registered campaign to sync. Register some with: campaigns add --team SLUG --key NAME --all");
            }
            return failed == 0 ? 0 : 1;
        });
    }
}
