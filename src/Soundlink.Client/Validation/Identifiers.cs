namespace Soundlink.Client.Validation;

/// <summary>
/// What an id or a name from the API, an import file or a form may look like before it reaches the store, a page,
/// a CSV or a terminal: bounded in length, no control characters, no bidirectional overrides, not blank.
/// </summary>
public static class Identifiers
{
    public const int MaxIdLength = 128;
    public const int MaxNameLength = 300;

    /// <returns>null when <paramref name="id"/> is a usable campaign (or account) id, else why not.</returns>
    public static string? IdProblem(string? id, string field = "campaign_id")
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return $"{field} must not be empty or blank";
        }
        if (id.Length > MaxIdLength)
        {
            return $"{field} is longer than {MaxIdLength} characters";
        }
        if (id.Trim().Length != id.Length)
        {
            return $"{field} must not start or end with white space";
        }
        return HasUnsafeCharacter(id) ? $"{field} contains a control character" : null;
    }

    /// <returns>null when <paramref name="name"/> is a usable display name, else why not.</returns>
    public static string? NameProblem(string? name, string field = "campaign_name")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"{field} must not be empty or blank";
        }
        if (name.Length > MaxNameLength)
        {
            return $"{field} is longer than {MaxNameLength} characters";
        }
        return HasUnsafeCharacter(name) ? $"{field} contains a control character" : null;
    }

    /// <summary>C0 and C1 controls (ESC, CSI, NUL, newlines...), DEL, and the bidirectional overrides and isolates.</summary>
    public static bool HasUnsafeCharacter(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsUnsafe(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>The text with every unsafe character replaced by U+FFFD, for output that must stay readable.</summary>
    public static string Defang(string value)
    {
        if (!HasUnsafeCharacter(value))
        {
            return value;
        }
        return string.Create(value.Length, value, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = IsUnsafe(source[i]) ? '\uFFFD' : source[i];
            }
        });
    }
}
