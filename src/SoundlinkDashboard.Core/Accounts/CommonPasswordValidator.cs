using System.Collections.Frozen;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace SoundlinkDashboard.Core.Accounts;

/// <summary>
/// Refuses the passwords attackers try first: those on the list shipped with the app (common-passwords.txt,
/// an embedded resource) and their usual variations: any letter case, digits or symbols before or after
/// ("Password2024!"), "leet" spelling ("p@ssw0rd"), repetition ("passwordpassword"), keyboard and alphabet runs
/// ("qwertyuiopas", "123456789012"), very few distinct characters, and the user's own email. Identity runs it for
/// every password it sets: setup, admin-created users, reset links, change password and the command line.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const string ErrorCode = "PasswordTooCommon";
    public const string Message = "This password is too common or too easy to guess; choose a longer phrase of unrelated words.";

    private static readonly string[] Runs =
    [
        "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "qwertzuiopasdfghjklyxcvbnm", "azertyuiopqsdfghjklmwxcvbn",
        "1234567890", "01234567890123456789", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "zaq12wsxcde34rfvbgt56yhnmju78ik,lo90p",
        "1q2w3e4r5t6y7u8i9o0p", "q1w2e3r4t5y6u7i8o9p0", "qazwsxedcrfvtgbyhnujmikolp",
    ];

    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static bool IsListed(string candidate) => List.Value.Contains(candidate);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password, user.Email)
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = Message })
            : IdentityResult.Success);

    public static bool IsCommon(string password, string? email = null)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (lower.Distinct().Count() < 4)
        {
            return true;
        }
        var local = email is { Length: > 0 } ? Variants(email.Split('@')[0].ToLowerInvariant()).ElementAt(1) : null;
        if (email is { Length: > 0 } && (lower == email.ToLowerInvariant() || Variants(lower).Contains(local)))
        {
            return true;
        }
        return Variants(lower).Any(v => v.Length > 0 && (IsListed(v) || IsRun(v) || IsRepetition(v)));
    }

    /// <summary>The password, without digits and symbols around it, and with leet spelling undone.</summary>
    private static IEnumerable<string> Variants(string lower)
    {
        yield return lower;
        var spaced = lower.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        yield return spaced;
        var core = spaced.Trim("0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~ ".ToCharArray());
        yield return core;
        yield return Unleet(core, '1', 'i');
        yield return Unleet(core, '1', 'l');
        var unleeted = Unleet(spaced, '1', 'i');
        yield return unleeted.Trim("0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~ ".ToCharArray());
    }

    private static string Unleet(string text, char one, char oneAs)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '0' => 'o',
                '@' or '4' => 'a',
                '3' => 'e',
                '$' or '5' => 's',
                '7' or '+' => 't',
                '!' => 'i',
                '8' => 'b',
                _ when c == one => oneAs,
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>A stretch of the alphabet, the digits or a keyboard row, forwards or backwards (8 characters or more).</summary>
    private static bool IsRun(string text)
    {
        if (text.Length < 8)
        {
            return false;
        }
        var reversed = new string(text.Reverse().ToArray());
        return Runs.Any(run => (run + run).Contains(text, StringComparison.Ordinal) || (run + run).Contains(reversed, StringComparison.Ordinal));
    }

    /// <summary>A shorter listed word or run said two or more times ("passwordpassword", "abc123abc123").</summary>
    private static bool IsRepetition(string text)
    {
        for (var parts = 2; parts <= text.Length / 2; parts++)
        {
            if (text.Length % parts != 0)
            {
                continue;
            }
            var piece = text[..(text.Length / parts)];
            if (string.Concat(Enumerable.Repeat(piece, parts)) == text)
            {
                return true;
            }
        }
        return false;
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("SoundlinkDashboard.Core.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim().ToLowerInvariant();
            if (word.Length > 0 && !word.StartsWith('#'))
            {
                words.Add(word);
            }
        }
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
