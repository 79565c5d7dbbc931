using System.CommandLine;
using System.CommandLine.Help;
using SoundlinkDashboard.Cli.Commands;

namespace SoundlinkDashboard.Cli;

/// <summary>
/// The operator commands of the same executable, one class per command under Commands/, parsed by System.CommandLine.
/// No arguments runs the web app instead (see <see cref="IsCommand"/>). Exit codes: 0 ok, 1 some failure, 2 usage or I/O error.
/// </summary>
public static class CliApp
{
    public const string ExecutableName = "SoundlinkDashboard";

    private const int HelpWidth = 120;

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h" or "-?");

    /// <param name="configure">Lets tests point the store elsewhere.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        Action<IHostApplicationBuilder>? configure = null, Stream? stdin = null)
    {
        stdout = new TerminalWriter(stdout);
        stderr = new TerminalWriter(stderr);
        using var cli = new CliContext(stdout, stderr, stdin, configure);
        var root = CreateRootCommand(cli);
        if (args is [] or ["help" or "--help" or "-h" or "-?", ..])
        {
            WriteHelp(root, stdout);
            return 0;
        }
        if (!root.Subcommands.Any(command => command.Name == args[0]))
        {
            return UsageError(stderr, root, $"unknown command \"{args[0]}\"");
        }

        // No response files: an argument starting with @ is a value like any other, as it always was.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var command = parsed.CommandResult.Command;
        if (parsed.Action is HelpAction)
        {
            WriteHelp(command, stdout);
            return 0;
        }
        if (parsed.Errors.Count > 0)
        {
            // A word nobody expected says more than "Required command was not provided" for the same line.
            var error = parsed.UnmatchedTokens is [var unmatched, ..]
                ? parsed.Errors.FirstOrDefault(e => e.Message.Contains($"'{unmatched}'", StringComparison.Ordinal)) ?? parsed.Errors[0]
                : parsed.Errors[0];
            return UsageError(stderr, command, error.Message);
        }
        if (parsed.Action is null)
        {
            return UsageError(stderr, command, $"{command.Name} needs one of: {string.Join(", ", command.Subcommands.Select(c => c.Name))}");
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                // Ctrl+C ends the process at once, as before: a sync in progress keeps its committed slices.
                ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException ex)
        {
            return UsageError(stderr, command, ex.Message);
        }
        catch (CliFailure ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
    }

    internal static RootCommand CreateRootCommand(CliContext cli)
    {
        var root = new RootCommand(
            "Soundlink Dashboard. With no command it runs the web app; every command but health applies pending database migrations first.")
        {
            HelpName = ExecutableName,
        };
        // The root takes commands only: no --version, no [directives]. Help is as wide wherever it is printed.
        foreach (var option in root.Options.Where(o => o is not HelpOption).ToList())
        {
            root.Options.Remove(option);
        }
        foreach (var help in root.Options.Select(o => o.Action).OfType<HelpAction>())
        {
            help.MaxWidth = HelpWidth;
        }
        root.Directives.Clear();
        root.Add(new MigrateCommand(cli));
        root.Add(new TeamsCommand(cli));
        root.Add(new UsersCommand(cli));
        root.Add(new KeysCommand(cli));
        root.Add(new CampaignsCommand(cli));
        root.Add(new SyncCommand(cli));
        root.Add(new ImportCommand(cli));
        root.Add(new HealthCommand(cli));
        root.Add(new BackupCommand(cli));
        root.Add(new StoreCommand(cli));
        root.Add(new ReportCommand(cli));
        return root;
    }

    /// <summary>The generated help of <paramref name="command"/>: what <c>command --help</c> prints.</summary>
    private static void WriteHelp(Command command, TextWriter output)
    {
        var path = new List<string> { "--help" };
        var root = command;
        while (root.Parents.OfType<Command>().FirstOrDefault() is { } parent)
        {
            path.Insert(0, root.Name);
            root = parent;
        }
        root.Parse(path, new ParserConfiguration { ResponseFileTokenReplacer = null })
            .Invoke(new InvocationConfiguration { Output = output, Error = output, ProcessTerminationTimeout = null });
    }

    /// <summary>"error: ..." on one line, then the command's help, all on standard error: exit 2.</summary>
    private static int UsageError(TextWriter stderr, Command command, string message)
    {
        stderr.WriteLine($"error: {message}");
        stderr.WriteLine();
        WriteHelp(command, stderr);
        return 2;
    }
}
