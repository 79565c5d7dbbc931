using System.CommandLine;
using System.CommandLine.Parsing;

namespace SoundlinkDashboard.Cli;

/// <summary>Options several commands share, and the validators that keep the usage messages of the hand-written parser.</summary>
internal static class CliOptions
{
    public static Option<string> Team(bool required = true) => new("--team")
    {
        Description = "the team's slug",
        HelpName = "slug",
        Required = required,
    };

    /// <summary>A flag: takes no value, so a word after it is never swallowed as one.</summary>
    public static Option<bool> Flag(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.Zero,
    };

    /// <summary>An option that may be repeated, one value each time (<c>--campaign A --campaign B</c>).</summary>
    public static Option<string[]> Repeatable(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>Refuses a value outside <paramref name="values"/> with "--name takes ..., not "value"".</summary>
    public static Option<string> OneOf(this Option<string> option, string takes, params string[] values)
    {
        option.HelpName ??= string.Join('|', values);
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!values.Contains(token.Value, StringComparer.Ordinal))
                {
                    result.AddError($"{option.Name} takes {takes}, not \"{token.Value}\"");
                }
            }
        });
        return option;
    }

    /// <summary>A YYYY-MM-DD date; anything else is a usage error naming the option.</summary>
    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = result => ParseDate(result, name),
    };

    private static DateOnly? ParseDate(ArgumentResult result, string name)
    {
        var value = result.Tokens[^1].Value;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var date))
        {
            return date;
        }
        result.AddError($"{name} takes a date as YYYY-MM-DD, not \"{value}\"");
        return null;
    }
}
