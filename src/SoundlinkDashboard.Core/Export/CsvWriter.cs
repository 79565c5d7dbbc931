using System.Text;

namespace SoundlinkDashboard.Core.Export;

/// <summary>
/// The one CSV writer of the app (dashboard, share link and command-line exports): RFC 4180 records (CRLF, fields
/// with a comma, quote, CR or LF quoted, quotes doubled) and spreadsheet-formula neutralisation: a field that starts
/// with = + - @ TAB or CR gets a leading apostrophe, so Excel, LibreOffice and Sheets show it as text instead of
/// running it. Plain numbers (<c>-1.5</c>) stay numbers.
/// </summary>
public static class CsvWriter
{
    public const string NewLine = "\r\n";

    /// <summary>One field, neutralised and quoted as needed; null is an empty field.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(value))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>One record, with its line break.</summary>
    public static string Record(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + NewLine;

    public static StringBuilder AppendRecord(this StringBuilder text, IEnumerable<string?> fields) => text.Append(Record(fields));

    /// <summary>A whole document: the header record, then one record per row.</summary>
    public static string Write(IEnumerable<string?> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var text = new StringBuilder().AppendRecord(header);
        foreach (var row in rows)
        {
            text.AppendRecord(row);
        }
        return text.ToString();
    }

    /// <summary>An optional minus, digits, an optional fraction: what the exports print for numbers.</summary>
    internal static bool IsPlainNumber(string value)
    {
        var span = value.AsSpan();
        if (span.Length > 0 && span[0] == '-')
        {
            span = span[1..];
        }
        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : span[(dot + 1)..];
        return whole.Length > 0 && AllDigits(whole) && (dot < 0 || (fraction.Length > 0 && AllDigits(fraction)));
    }

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
