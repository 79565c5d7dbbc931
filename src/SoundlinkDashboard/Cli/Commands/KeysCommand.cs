using System.CommandLine;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>keys add</c> (stores a Soundlink key encrypted and checks it) and <c>keys list</c>.</summary>
internal sealed class KeysCommand : Command
{
    public KeysCommand(CliContext cli) : base("keys", "Store and list the team's Soundlink keys.")
    {
        var team = CliOptions.Team();
        var name = new Option<string>("--name") { Description = "the key's name in the team", HelpName = "N", Required = true };
        var secret = new Option<string>("--secret")
        {
            Description = "the key's secret; without it, or with -, the secret is read from standard input (out of the shell history)",
            HelpName = "S|-",
        };
        var header = new Option<string>("--header") { Description = "how the key is sent (default: x-api-key)" }
            .OneOf("x-api-key or bearer", "x-api-key", "bearer");
        var baseUrl = new Option<string>("--base-url") { Description = "the Soundlink API address (default: the public one)", HelpName = "URL" };
        var add = new Command("add", "Store a Soundlink key (encrypted) and check it with /v1/ping; exit 1 when Soundlink refuses it.")
        {
            team, name, secret, header, baseUrl,
        };
        add.SetAction(async (parse, _) =>
        {
            var services = await cli.StoreAsync();
            var vault = services.GetRequiredService<KeyVault>();
            var context = await cli.OperatorTeamAsync(parse.GetRequiredValue(team));
            var style = parse.GetValue(header) == "bearer" ? KeyHeaderStyle.Bearer : KeyHeaderStyle.XApiKey;
            var given = parse.GetValue(secret);
            if (given is null or "-")
            {
                using var reader = new StreamReader(cli.OpenStandardInput());
                given = (await reader.ReadLineAsync())?.Trim() ?? "";
            }
            KeySummary key;
            try
            {
                key = await vault.AddAsync(context, new KeyInput(parse.GetRequiredValue(name), given, style, parse.GetValue(baseUrl)), actor: null);
            }
            catch (InvalidInputException ex)
            {
                throw new CliFailure(string.Join(" ", ex.Errors.Values), 1);
            }
            var check = await vault.CheckAsync(context, key.Id);
            await cli.Out.WriteLineAsync($"Stored key {key.Name} ({key.Masked}).");
            if (!check.Works)
            {
                throw new CliFailure($"The key check failed: {check.Problem}", 1);
            }
            await cli.Out.WriteLineAsync("Soundlink accepts it.");
            return 0;
        });

        var listTeam = CliOptions.Team();
        var list = new Command("list", "The team's keys, masked, with their status.") { listTeam };
        list.SetAction(async (parse, _) =>
        {
            var vault = (await cli.StoreAsync()).GetRequiredService<KeyVault>();
            foreach (var key in await vault.ListAsync(await cli.OperatorTeamAsync(parse.GetRequiredValue(listTeam))))
            {
                var status = key.Problem ?? (key.CheckedAt is null ? "not checked" : "works");
                await cli.Out.WriteLineAsync($"{key.Name}\t{key.Masked}\t{(key.HeaderStyle == KeyHeaderStyle.Bearer ? "bearer" : "x-api-key")}\t{key.BaseUrl ?? "default"}\t{status}");
            }
            return 0;
        });

        Add(add);
        Add(list);
    }
}
