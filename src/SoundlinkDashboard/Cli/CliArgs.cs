namespace SoundlinkDashboard.Cli;

/// <summary>Thrown for a command line that does not fit the usage: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Splits arguments into positionals, repeatable <c>--option value</c> pairs and flags.</summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static CliArgs Parse(IEnumerable<string> args, IReadOnlySet<string> options, IReadOnlySet<string> flags)
    {
        var parsed = new CliArgs();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                parsed.Positionals.Add(arg);
                continue;
            }
            var name = arg[2..];
            string? inline = null;
            if (name.IndexOf('=') is var eq and > 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            if (flags.Contains(name) && inline is null)
            {
                parsed._flags.Add(name);
            }
            else if (options.Contains(name))
            {
                var value = inline ?? (e.MoveNext() ? e.Current : throw new UsageException($"--{name} needs a value"));
                if (!parsed._options.TryGetValue(name, out var values))
                {
                    parsed._options[name] = values = [];
                }
                values.Add(value);
            }
            else
            {
                throw new UsageException($"unknown option --{name}");
            }
        }
        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var v) ? v : [];

    public string? Single(string name)
    {
        var values = All(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new UsageException($"--{name} may be given only once"),
        };
    }

    public string Required(string name) => Single(name) ?? throw new UsageException($"--{name} is required");
}
