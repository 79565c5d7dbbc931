using System.CommandLine;
using System.Globalization;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>teams add &lt;slug&gt; [--name "Name"]</c> and <c>teams list</c>.</summary>
internal sealed class TeamsCommand : Command
{
    public TeamsCommand(CliContext cli) : base("teams", "Create and list teams.")
    {
        var slug = new Argument<string>("slug") { Description = "lower-case letters, digits and hyphens" };
        var name = new Option<string>("--name") { Description = "the team's display name", HelpName = "Name" };
        var add = new Command("add", "Create a team.") { slug, name };
        add.SetAction(async (parse, _) =>
        {
            var teams = (await cli.StoreAsync()).GetRequiredService<TeamService>();
            try
            {
                var team = await teams.CreateAsync(parse.GetRequiredValue(slug), parse.GetValue(name));
                await cli.Out.WriteLineAsync($"Created team {team.Slug} ({team.Name}).");
                return 0;
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message.Split(" (Parameter")[0]);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliFailure(ex.Message, 1);
            }
        });

        var list = new Command("list", "List teams with their campaign count and the last date with data.");
        list.SetAction(async (_, _) =>
        {
            var teams = (await cli.StoreAsync()).GetRequiredService<TeamService>();
            foreach (var summary in await teams.ListAsync())
            {
                var through = summary.DataThrough?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no data";
                await cli.Out.WriteLineAsync($"{summary.Team.Slug}\t{summary.Team.Name}\t{summary.Campaigns} campaigns\t{through}");
            }
            return 0;
        });

        Add(add);
        Add(list);
    }
}
