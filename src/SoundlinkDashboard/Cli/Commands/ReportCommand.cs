using System.CommandLine;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>report --team slug ...</c>: the metrics service's sums and recomputed ratios, per currency.</summary>
internal sealed class ReportCommand : Command
{
    public ReportCommand(CliContext cli)
        : base("report", "Sums and recomputed ratios, per currency (default: --by total --format json).")
    {
        var team = CliOptions.Team();
        var from = CliOptions.Date("--from", "the first report date (inclusive, UTC)");
        var to = CliOptions.Date("--to", "the last report date (inclusive, UTC)");
        var campaign = CliOptions.Repeatable("--campaign", "ID", "only this campaign (repeat for more)");
        var country = CliOptions.Repeatable("--country", "CC", "only this country, a two-letter code (repeat for more)");
        country.Validators.Add(result =>
        {
            if (result.Tokens.Select(t => Country(t.Value)).FirstOrDefault(c => c.Length != 2 || !c.All(char.IsAsciiLetterUpper)) is { } bad)
            {
                result.AddError($"--country takes a two-letter code, not \"{bad}\"");
            }
        });
        var by = new Option<string>("--by") { Description = "one group per currency and what (default: total)" }
            .OneOf("total, country or day", "total", "country", "day");
        var format = new Option<string>("--format") { Description = "the output (default: json)" }
            .OneOf("json, csv or table", "json", "csv", "table");
        Add(team);
        Add(from);
        Add(to);
        Add(campaign);
        Add(country);
        Add(by);
        Add(format);
        SetAction(async (parse, _) =>
        {
            var (first, last) = (parse.GetValue(from), parse.GetValue(to));
            if (first > last)
            {
                throw new UsageException("--to is before --from");
            }
            var grouping = parse.GetValue(by) switch
            {
                "country" => MetricsGrouping.Country,
                "day" => MetricsGrouping.Day,
                _ => MetricsGrouping.Total,
            };
            var services = await cli.StoreAsync();
            var target = await cli.RequireTeamAsync(parse.GetRequiredValue(team));
            var groups = await services.GetRequiredService<MetricsService>().QueryAsync(new MetricsFilter
            {
                TeamId = target.Id,
                From = first,
                To = last,
                CampaignIds = parse.GetValue(campaign) ?? [],
                Countries = (parse.GetValue(country) ?? []).Select(Country).ToList(),
            }, grouping);
            await ReportWriter.WriteAsync(cli.Out, groups, grouping, parse.GetValue(format) ?? "json");
            return 0;
        });
    }

    private static string Country(string value) => value.Trim().ToUpperInvariant();
}
