using System.Text;

namespace SoundlinkDashboard.Cli;

/// <summary>
/// What the CLI prints, with every control character except tab and line ends shown as U+FFFD: text that came from
/// an upstream or an import file (campaign names, error messages) can never move the cursor, recolour or retitle the
/// operator's terminal.
/// </summary>
internal sealed class TerminalWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // TextWriter's own setter takes null for the default
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public static bool IsUnsafe(char c) =>
        c is not ('\n' or '\r' or '\t') && Soundlink.Client.Validation.Identifiers.IsUnsafe(c);

    public static string Clean(string? value)
    {
        if (value is null || !value.Any(IsUnsafe))
        {
            return value ?? "";
        }
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(IsUnsafe(c) ? '\uFFFD' : c);
        }
        return text.ToString();
    }

    public override void Write(char value) => inner.Write(IsUnsafe(value) ? '\uFFFD' : value);

    public override void Write(string? value) => inner.Write(Clean(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(Clean(new string(buffer, index, count)));

    public override void WriteLine(string? value) => inner.WriteLine(Clean(value));

    public override Task WriteAsync(string? value) => inner.WriteAsync(Clean(value));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(Clean(value));

    public override Task WriteAsync(char value) => inner.WriteAsync(IsUnsafe(value) ? '\uFFFD' : value);

    public override Task WriteLineAsync() => inner.WriteLineAsync();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
