using System.CommandLine;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>users add</c> and <c>users reset-password</c>.</summary>
internal sealed class UsersCommand : Command
{
    public UsersCommand(CliContext cli) : base("users", "Create users and reset their passwords.")
    {
        var email = Email();
        var password = Password();
        var admin = CliOptions.Flag("--admin", "make the user a site admin");
        var team = CliOptions.Team(required: false);
        team.Description = "also make the user a member of this team (with --role)";
        var role = new Option<TeamRole?>("--role")
        {
            Description = "the user's role in the team (with --team)",
            HelpName = "owner|editor|viewer",
            CustomParser = result =>
            {
                var value = result.Tokens[^1].Value;
                if (Enum.TryParse<TeamRole>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                {
                    return parsed;
                }
                result.AddError($"--role takes owner, editor or viewer, not \"{value}\"");
                return null;
            },
        };
        var add = new Command("add", "Create a user, optionally a site admin, optionally in a team.") { email, password, admin, team, role };
        add.Validators.Add(result =>
        {
            if ((result.GetResult(team) is null) != (result.GetResult(role) is null))
            {
                result.AddError("--team and --role go together");
            }
        });
        add.SetAction(async (parse, _) =>
        {
            var services = await cli.StoreAsync();
            var teamSlug = parse.GetValue(team);
            var member = teamSlug is null ? null : await cli.RequireTeamAsync(teamSlug);
            var accounts = services.GetRequiredService<AccountService>();
            return await FailuresAsync(async () =>
            {
                var user = await accounts.CreateUserAsync(parse.GetRequiredValue(email), parse.GetRequiredValue(password), parse.GetValue(admin));
                var memberRole = parse.GetValue(role);
                if (member is not null)
                {
                    await accounts.AddToTeamAsync(user, member, memberRole!.Value);
                }
                await cli.Out.WriteLineAsync($"Created user {user.Email}{(user.IsSiteAdmin ? " (site admin)" : "")}" +
                    (member is null ? "." : $", {memberRole!.Value.ToString().ToLowerInvariant()} of {member.Slug}."));
            });
        });

        var resetEmail = Email();
        var resetPassword = Password();
        var reset = new Command("reset-password", "Set a new password (also ends a lockout).") { resetEmail, resetPassword };
        reset.SetAction(async (parse, _) =>
        {
            var accounts = (await cli.StoreAsync()).GetRequiredService<AccountService>();
            return await FailuresAsync(async () =>
            {
                await accounts.ResetPasswordAsync(parse.GetRequiredValue(resetEmail), parse.GetRequiredValue(resetPassword));
                await cli.Out.WriteLineAsync("Password changed.");
            });
        });

        Add(add);
        Add(reset);
    }

    private static Option<string> Email() => new("--email") { Description = "the user's email address", HelpName = "E", Required = true };

    private static Option<string> Password() => new("--password")
    {
        Description = $"the password (at least {AccountsExtensions.MinimumPasswordLength} characters, not a common one)",
        HelpName = "P",
        Required = true,
    };

    /// <summary>The account rules' refusals are failures (exit 1), not usage errors.</summary>
    private static async Task<int> FailuresAsync(Func<Task> work)
    {
        try
        {
            await work();
            return 0;
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
}
