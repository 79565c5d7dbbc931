using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Cli;

/// <summary>The operator commands of the same executable. No arguments runs the web app instead.</summary>
public static class CliApp
{
    public const string Usage = """
        Usage: SoundlinkDashboard [COMMAND]
          (no command)                         run the web app
          migrate                              apply pending database migrations
          teams add <slug> [--name "Name"]     create a team
          teams list                           list teams
          users add --email E --password P [--admin] [--team <slug> --role owner|editor|viewer]
                                               create a user (optionally a site admin, optionally in a team)
          users reset-password --email E --password P
                                               set a new password (also ends a lockout)
          keys add --team <slug> --name N [--secret S|-] [--header x-api-key|bearer] [--base-url URL]
                                               store a Soundlink key (encrypted) and check it with /v1/ping;
                                               without --secret (or with -) the secret is read from standard input
          keys list --team <slug>              the team's keys, masked, with their status
          campaigns add --team <slug> --key N (--all | ID...)
                                               register campaigns of the key for sync
          campaigns list --team <slug>         state, data through and last run of each campaign
          sync [--team <slug>] [--campaign ID]...
                                               sync registered campaigns now; progress on standard error;
                                               exit 0 when every run succeeded, 1 otherwise
          import <file.jsonl|-> --team <slug> [--json]
                                               import a Soundlink breakdown export (JSONL);
                                               exit 0 all lines accepted, 1 some rejected, 2 usage or I/O error
          health [--url URL]                   ask a running app's /healthz (default http://127.0.0.1:8080/healthz);
                                               exit 0 when healthy: the Docker HEALTHCHECK
          backup <folder>                      copy the database (SQLite online backup, safe while the app runs)
                                               and the Data Protection key ring into a new folder
          store verify                         compare every rollup table with the sums of the stored rows;
                                               prints each difference, exit 1 on any
          store rebuild-rollups                rebuild every rollup table from the stored rows (one transaction)
          report --team <slug> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--campaign ID]... [--country CC]...
                 [--by total|country|day] [--format json|csv|table]
                                               sums and recomputed ratios, per currency (default: json)
        """;

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h");

    /// <param name="configure">Lets tests point the store elsewhere.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        Action<IHostApplicationBuilder>? configure = null, Stream? stdin = null)
    {
        stdout = new TerminalWriter(stdout);
        stderr = new TerminalWriter(stderr);
        if (args is [] or ["help" or "--help" or "-h", ..])
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }
        if (args[0] == "health")
        {
            return await HealthAsync(args[1..], stdout, stderr);
        }
        if (args[0] is not ("migrate" or "teams" or "users" or "keys" or "campaigns" or "sync" or "import" or "report" or "backup" or "store"))
        {
            return await UsageErrorAsync(stderr, $"unknown command \"{args[0]}\"");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        configure?.Invoke(builder);
        builder.AddStore();
        builder.AddAccounts();
        builder.AddSync();
        using var host = builder.Build();
        var services = host.Services;

        try
        {
            var migrated = await services.GetRequiredService<StoreMigrator>().MigrateAsync();
            var rest = args[1..];
            return args[0] switch
            {
                "migrate" => await MigrateAsync(stdout, migrated),
                "teams" => await TeamsAsync(services, rest, stdout),
                "users" => await UsersAsync(services, rest, stdout),
                "keys" => await KeysAsync(services, rest, stdout, stdin),
                "campaigns" => await CampaignsAsync(services, rest, stdout),
                "sync" => await SyncAsync(services, rest, stdout, stderr),
                "import" => await ImportAsync(services, rest, stdout, stderr, stdin),
                "backup" => await BackupAsync(services, rest, stdout),
                "store" => await StoreAsync(services, rest, stdout),
                _ => await ReportAsync(services, rest, stdout),
            };
        }
        catch (UsageException ex)
        {
            return await UsageErrorAsync(stderr, ex.Message);
        }
        catch (CliFailure ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
    }

    private static async Task<int> UsageErrorAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"error: {message}");
        await stderr.WriteLineAsync(Usage);
        return 2;
    }

    /// <summary>Runs without the store: it only asks a running app over HTTP.</summary>
    private static async Task<int> HealthAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var url = args switch
        {
            [] => "http://127.0.0.1:8080/healthz",
            ["--url", var given] => given,
            _ => null,
        };
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            return await UsageErrorAsync(stderr, "health takes only --url URL");
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(address);
            await stdout.WriteLineAsync(await response.Content.ReadAsStringAsync());
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"error: {address} did not answer ({ex.Message})");
            return 1;
        }
    }

    private static async Task<int> BackupAsync(IServiceProvider services, string[] args, TextWriter stdout)
    {
        if (args is not [var folder] || folder.StartsWith('-'))
        {
            throw new UsageException("backup needs one argument: the folder to write the backup to");
        }
        try
        {
            var result = await services.GetRequiredService<StoreBackup>().BackupAsync(folder);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Backed up the database ({result.DatabaseBytes / 1048576.0:0.0} MiB, integrity ok) and the key ring ({result.KeyFiles} file(s)) to {result.Folder}."));
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new CliFailure(ex.Message, 1);
        }
    }

    private static async Task<int> MigrateAsync(TextWriter stdout, IReadOnlyList<string> applied)
    {
        await stdout.WriteLineAsync(applied.Count == 0
            ? "The database is up to date."
            : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }

    private static async Task<int> TeamsAsync(IServiceProvider services, string[] args, TextWriter stdout)
    {
        var teams = services.GetRequiredService<TeamService>();
        var parsed = CliArgs.Parse(args, new HashSet<string> { "name" }, new HashSet<string>());
        switch (parsed.Positionals)
        {
            case ["add", var slug]:
                try
                {
                    var team = await teams.CreateAsync(slug, parsed.Single("name"));
                    await stdout.WriteLineAsync($"Created team {team.Slug} ({team.Name}).");
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
            case ["list"]:
                foreach (var summary in await teams.ListAsync())
                {
                    var through = summary.DataThrough?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no data";
                    await stdout.WriteLineAsync($"{summary.Team.Slug}\t{summary.Team.Name}\t{summary.Campaigns} campaigns\t{through}");
                }
                return 0;
            default:
                throw new UsageException("teams takes \"add <slug> [--name NAME]\" or \"list\"");
        }
    }

    private static async Task<int> UsersAsync(IServiceProvider services, string[] args, TextWriter stdout)
    {
        var accounts = services.GetRequiredService<AccountService>();
        var parsed = CliArgs.Parse(args, new HashSet<string> { "email", "password", "team", "role" }, new HashSet<string> { "admin" });
        try
        {
            switch (parsed.Positionals)
            {
                case ["add"]:
                {
                    var teamSlug = parsed.Single("team");
                    var roleName = parsed.Single("role");
                    if ((teamSlug is null) != (roleName is null))
                    {
                        throw new UsageException("--team and --role go together");
                    }
                    TeamRole? role = roleName is null ? null : Enum.TryParse<TeamRole>(roleName, ignoreCase: true, out var r) && Enum.IsDefined(r)
                        ? r
                        : throw new UsageException($"--role takes owner, editor or viewer, not \"{roleName}\"");
                    var team = teamSlug is null ? null : await RequireTeamAsync(services, teamSlug);
                    var user = await accounts.CreateUserAsync(parsed.Required("email"), parsed.Required("password"), parsed.Flag("admin"));
                    if (team is not null)
                    {
                        await accounts.AddToTeamAsync(user, team, role!.Value);
                    }
                    await stdout.WriteLineAsync($"Created user {user.Email}{(user.IsSiteAdmin ? " (site admin)" : "")}" +
                        (team is null ? "." : $", {role!.Value.ToString().ToLowerInvariant()} of {team.Slug}."));
                    return 0;
                }
                case ["reset-password"]:
                    await accounts.ResetPasswordAsync(parsed.Required("email"), parsed.Required("password"));
                    await stdout.WriteLineAsync("Password changed.");
                    return 0;
                default:
                    throw new UsageException("users takes \"add\" or \"reset-password\"");
            }
        }
        catch (InvalidInputException ex)
        {
            throw new CliFailure(string.Join(" ", ex.Errors.Values), 1);
        }
        catch (NotFoundException ex)
        {
            throw new CliFailure(ex.Message, 1);
        }
    }

    private static async Task<int> KeysAsync(IServiceProvider services, string[] args, TextWriter stdout, Stream? stdin)
    {
        var vault = services.GetRequiredService<KeyVault>();
        var parsed = CliArgs.Parse(args, new HashSet<string> { "team", "name", "secret", "header", "base-url" }, new HashSet<string>());
        var team = await OperatorTeamAsync(services, parsed.Required("team"));
        switch (parsed.Positionals)
        {
            case ["add"]:
            {
                var header = parsed.Single("header") switch
                {
                    null or "x-api-key" => KeyHeaderStyle.XApiKey,
                    "bearer" => KeyHeaderStyle.Bearer,
                    var other => throw new UsageException($"--header takes x-api-key or bearer, not \"{other}\""),
                };
                var secret = parsed.Single("secret");
                if (secret is null or "-")
                {
                    using var reader = new StreamReader(stdin ?? Console.OpenStandardInput());
                    secret = (await reader.ReadLineAsync())?.Trim() ?? "";
                }
                KeySummary key;
                try
                {
                    key = await vault.AddAsync(team, new KeyInput(parsed.Required("name"), secret, header, parsed.Single("base-url")), actor: null);
                }
                catch (InvalidInputException ex)
                {
                    throw new CliFailure(string.Join(" ", ex.Errors.Values), 1);
                }
                var check = await vault.CheckAsync(team, key.Id);
                await stdout.WriteLineAsync($"Stored key {key.Name} ({key.Masked}).");
                if (!check.Works)
                {
                    throw new CliFailure($"The key check failed: {check.Problem}", 1);
                }
                await stdout.WriteLineAsync("Soundlink accepts it.");
                return 0;
            }
            case ["list"]:
                foreach (var key in await vault.ListAsync(team))
                {
                    var status = key.Problem ?? (key.CheckedAt is null ? "not checked" : "works");
                    await stdout.WriteLineAsync($"{key.Name}\t{key.Masked}\t{(key.HeaderStyle == KeyHeaderStyle.Bearer ? "bearer" : "x-api-key")}\t{key.BaseUrl ?? "default"}\t{status}");
                }
                return 0;
            default:
                throw new UsageException("keys takes \"add\" or \"list\"");
        }
    }

    private static async Task<int> CampaignsAsync(IServiceProvider services, string[] args, TextWriter stdout)
    {
        var campaigns = services.GetRequiredService<CampaignService>();
        var parsed = CliArgs.Parse(args, new HashSet<string> { "team", "key" }, new HashSet<string> { "all" });
        var team = await OperatorTeamAsync(services, parsed.Required("team"));
        switch (parsed.Positionals)
        {
            case ["add", .. var ids]:
            {
                var keyName = parsed.Required("key");
                var key = (await services.GetRequiredService<KeyVault>().ListAsync(team)).FirstOrDefault(k => k.Name == keyName)
                    ?? throw new CliFailure($"team {team.Slug} has no key named \"{keyName}\" (see keys list)", 2);
                if (parsed.Flag("all") == (ids.Count > 0))
                {
                    throw new UsageException("campaigns add takes either --all or campaign ids");
                }
                if (parsed.Flag("all"))
                {
                    var client = services.GetRequiredService<SoundlinkClients>().Create();
                    var connection = services.GetRequiredService<KeyVault>().ConnectionForAsync(team, key.Id);
                    var all = new List<string>();
                    try
                    {
                        await foreach (var summary in client.AllCampaignsAsync(await connection))
                        {
                            all.Add(summary.CampaignId);
                        }
                    }
                    catch (Soundlink.Client.Api.SoundlinkApiException ex)
                    {
                        throw new CliFailure($"Soundlink refused the campaign list: {KeyVault.Describe(ex)}", 1);
                    }
                    ids = all;
                }
                var outcomes = await campaigns.RegisterAsync(team, key.Id, ids);
                foreach (var outcome in outcomes)
                {
                    await stdout.WriteLineAsync(outcome.Registered ? $"registered {outcome.CampaignId}" : $"not registered {outcome.CampaignId}: {outcome.Problem}");
                }
                return outcomes.All(o => o.Registered) ? 0 : 1;
            }
            case ["list"]:
                foreach (var c in await campaigns.ListAsync(team))
                {
                    var through = c.LastReportDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no data";
                    var last = c.LastRun is { } run ? $"last run {run.Outcome.ToString().ToLowerInvariant()} {run.StartedAt:yyyy-MM-dd HH:mm}Z" : "never synced";
                    await stdout.WriteLineAsync($"{c.CampaignId}\t{c.Name}\t{(c.Registered ? c.State.ToString().ToLowerInvariant() : "imported")}\tdata through {through}\t{last}{(c.Problem is null ? "" : $"\t{c.Problem}")}");
                }
                return 0;
            default:
                throw new UsageException("campaigns takes \"add\" or \"list\"");
        }
    }

    private static async Task<int> SyncAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = CliArgs.Parse(args, new HashSet<string> { "team", "campaign" }, new HashSet<string>());
        if (parsed.Positionals.Count > 0)
        {
            throw new UsageException($"sync takes no positional argument (got \"{parsed.Positionals[0]}\")");
        }
        var campaigns = services.GetRequiredService<CampaignService>();
        var teams = parsed.Single("team") is { } slug
            ? [await OperatorTeamAsync(services, slug)]
            : await Task.WhenAll((await services.GetRequiredService<TeamService>().ListAsync()).Select(t => OperatorTeamAsync(services, t.Team.Slug)));
        var wanted = parsed.All("campaign").ToHashSet(StringComparer.Ordinal);
        var progress = services.GetRequiredService<SoundlinkDashboard.Core.Sync.SyncProgress>();
        progress.Changed += (info, _) =>
        {
            if (info is not null)
            {
                stderr.WriteLine($"… {info.From:yyyy-MM-dd}..{info.To:yyyy-MM-dd}: {info.SlicesDone}/{info.Slices} slices, {info.RowsRead:N0} rows");
            }
        };
        var failed = 0;
        var ran = 0;
        var named = wanted.Count > 0;
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var team in teams)
        {
            foreach (var campaign in (await campaigns.ListAsync(team)).Where(c => c.Registered && (!named || wanted.Contains(c.CampaignId))))
            {
                found.Add(campaign.CampaignId);
                ran++;
                await stderr.WriteLineAsync($"syncing {campaign.CampaignId} ({campaign.Name}) of {team.Slug}");
                var result = await campaigns.SyncAsync(team, campaign.Key, SoundlinkDashboard.Core.Sync.SyncTrigger.Cli);
                if (result.Outcome == SoundlinkDashboard.Core.Sync.SyncOutcome.Succeeded)
                {
                    await stdout.WriteLineAsync($"{campaign.CampaignId}: {result.RowsRead:N0} rows read, {result.Inserted:N0} inserted, {result.Updated:N0} updated, {result.Unchanged:N0} unchanged, {result.Rejected:N0} rejected");
                }
                else
                {
                    failed++;
                    await stdout.WriteLineAsync($"{campaign.CampaignId}: failed: {result.Message}");
                }
            }
        }
        if (wanted.Except(found).ToList() is { Count: > 0 } missing)
        {
            throw new CliFailure($"not registered: {string.Join(", ", missing)} (see campaigns list)", 2);
        }
        if (ran == 0)
        {
            await stdout.WriteLineAsync("No registered campaign to sync. Register some with: campaigns add --team SLUG --key NAME --all");
        }
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> StoreAsync(IServiceProvider services, string[] args, TextWriter stdout)
    {
        var audit = services.GetRequiredService<RollupAudit>();
        switch (args)
        {
            case ["verify"]:
                const int limit = 1_000;
                var differences = await audit.VerifyAsync(limit);
                foreach (var d in differences)
                {
                    await stdout.WriteLineAsync($"{d.Table} ({d.Key}): sums of the rows {d.Expected ?? "none (no rows)"}; rollup holds {d.Stored ?? "nothing"}");
                }
                await stdout.WriteLineAsync(differences.Count == 0
                    ? "Every rollup table equals the sums of the stored rows."
                    : $"{differences.Count}{(differences.Count >= limit ? "+" : "")} rollup rows differ from the sums of the stored rows; fix them with: store rebuild-rollups");
                return differences.Count == 0 ? 0 : 1;
            case ["rebuild-rollups"]:
                var written = await audit.RebuildAsync();
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rebuilt the rollup tables from the stored rows: {written:N0} rollup rows."));
                return 0;
            default:
                throw new UsageException("store takes \"verify\" or \"rebuild-rollups\"");
        }
    }

    private static async Task<TeamContext> OperatorTeamAsync(IServiceProvider services, string slug)
    {
        try
        {
            return await services.GetRequiredService<TeamAccess>().OperatorContextAsync(slug);
        }
        catch (NotFoundException)
        {
            throw new CliFailure($"no team \"{slug}\"; create it with: teams add {TeamService.NormalizeSlug(slug)}", 2);
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string[] args, TextWriter stdout,
        TextWriter stderr, Stream? stdin)
    {
        var parsed = CliArgs.Parse(args, new HashSet<string> { "team" }, new HashSet<string> { "json" });
        if (parsed.Positionals is not [var path])
        {
            throw new UsageException("import takes exactly one file (or - for standard input)");
        }
        var team = await RequireTeamAsync(services, parsed.Required("team"));

        Stream input;
        try
        {
            input = path == "-" ? stdin ?? Console.OpenStandardInput() : File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliFailure($"cannot read {path}: {ex.Message}", 2);
        }

        var importer = services.GetRequiredService<JsonlImporter>();
        ImportResult result;
        await using (input)
        {
            try
            {
                result = await importer.ImportAsync(team.Id, input, path == "-" ? "stdin" : Path.GetFileName(path),
                    new SynchronousProgress(lines => stderr.WriteLine($"… {lines:N0} lines read")));
            }
            catch (IOException ex)
            {
                throw new CliFailure($"reading {path} failed, nothing was imported: {ex.Message}", 2);
            }
        }

        var rejected = importer.RejectedLinesAsync(result.BatchId);
        if (parsed.Flag("json"))
        {
            using var buffer = new MemoryStream();
            await using var json = new Utf8JsonWriter(buffer);
            json.WriteStartObject();
            json.WriteNumber("read", result.Read);
            json.WriteNumber("inserted", result.Counts.Inserted);
            json.WriteNumber("updated", result.Counts.Updated);
            json.WriteNumber("unchanged", result.Counts.Unchanged);
            json.WriteStartArray("rejected");
            await foreach (var line in rejected)
            {
                json.WriteStartObject();
                json.WriteNumber("line", line.Line);
                json.WriteString("reason", line.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("rejected_not_listed", result.RejectedCount - result.RejectedKept);
            json.WriteEndObject();
            await json.FlushAsync();
            await stdout.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            await stdout.WriteLineAsync(
                $"{result.Read:N0} lines read: {result.Counts.Inserted:N0} inserted, {result.Counts.Updated:N0} updated, " +
                $"{result.Counts.Unchanged:N0} unchanged, {result.RejectedCount:N0} rejected.");
            await foreach (var line in rejected)
            {
                await stdout.WriteLineAsync($"line {line.Line}: {line.Reason}");
            }
            if (result.RejectedCount > result.RejectedKept)
            {
                await stdout.WriteLineAsync($"... and {result.RejectedCount - result.RejectedKept:N0} more rejected lines (only the first {result.RejectedKept:N0} are kept).");
            }
        }
        return result.AllAccepted ? 0 : 1;
    }

    private static async Task<int> ReportAsync(IServiceProvider services, string[] args, TextWriter stdout)
    {
        var parsed = CliArgs.Parse(args, new HashSet<string> { "team", "from", "to", "campaign", "country", "by", "format" },
            new HashSet<string>());
        if (parsed.Positionals.Count > 0)
        {
            throw new UsageException($"report takes no positional argument (got \"{parsed.Positionals[0]}\")");
        }
        var from = ParseDate(parsed.Single("from"), "from");
        var to = ParseDate(parsed.Single("to"), "to");
        if (from > to)
        {
            throw new UsageException("--to is before --from");
        }
        var grouping = parsed.Single("by") switch
        {
            null or "total" => MetricsGrouping.Total,
            "country" => MetricsGrouping.Country,
            "day" => MetricsGrouping.Day,
            var other => throw new UsageException($"--by takes total, country or day, not \"{other}\""),
        };
        var format = parsed.Single("format") ?? "json";
        if (format is not ("json" or "csv" or "table"))
        {
            throw new UsageException($"--format takes json, csv or table, not \"{format}\"");
        }
        var countries = parsed.All("country").Select(c => c.Trim().ToUpperInvariant()).ToList();
        if (countries.FirstOrDefault(c => c.Length != 2 || !c.All(char.IsAsciiLetterUpper)) is { } badCountry)
        {
            throw new UsageException($"--country takes a two-letter code, not \"{badCountry}\"");
        }
        var team = await RequireTeamAsync(services, parsed.Required("team"));

        var groups = await services.GetRequiredService<MetricsService>().QueryAsync(new MetricsFilter
        {
            TeamId = team.Id,
            From = from,
            To = to,
            CampaignIds = parsed.All("campaign"),
            Countries = countries,
        }, grouping);
        await ReportWriter.WriteAsync(stdout, groups, grouping, format);
        return 0;
    }

    private static DateOnly? ParseDate(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--{name} takes a date as YYYY-MM-DD, not \"{value}\"");
    }

    private static async Task<Team> RequireTeamAsync(IServiceProvider services, string slug) =>
        await services.GetRequiredService<TeamService>().FindAsync(slug)
        ?? throw new CliFailure($"no team \"{slug}\"; create it with: teams add {TeamService.NormalizeSlug(slug)}", 2);

    private sealed class CliFailure(string message, int exitCode) : Exception(message)
    {
        public int ExitCode { get; } = exitCode;
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
