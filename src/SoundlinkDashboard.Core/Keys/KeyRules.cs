namespace SoundlinkDashboard.Core.Keys;

/// <summary>What a key's fields must look like; the form and the vault use the same rules.</summary>
public static class KeyRules
{
    public const int MaxNameLength = 100;

    public const string SecretNeededForNewBaseUrl = "Enter the key's secret again to change its base URL.";

    public static string Mask(string last4) => $"sk_…{last4}";

    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Give the key a name."
        : name.Trim().Length > MaxNameLength ? $"Use at most {MaxNameLength} characters."
        : null;

    public static string? ValidateSecret(string? secret)
    {
        var value = secret?.Trim() ?? "";
        if (value.Length == 0)
        {
            return "Paste the key's secret.";
        }
        if (!value.StartsWith("sk_", StringComparison.Ordinal))
        {
            return "A Soundlink key starts with sk_.";
        }
        if (value.Length < 12 || value.Length > 512 || value.Any(char.IsWhiteSpace))
        {
            return "This does not look like a whole Soundlink key (sk_<prefix>_<secret>, no spaces).";
        }
        return null;
    }

    public static string? ValidateBaseUrl(string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return null;
        }
        return Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
               string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
            ? null
            : "Use an absolute http(s) address such as https://api.getsoundlink.com, or leave it empty.";
    }

    public static string? NormalizeBaseUrl(string? baseUrl) =>
        string.IsNullOrWhiteSpace(baseUrl) ? null : baseUrl.Trim().TrimEnd('/');

    /// <summary>Field name to message for every broken field; <paramref name="secret"/> null skips the secret.</summary>
    public static Dictionary<string, string> Validate(string? name, string? secret, string? baseUrl)
    {
        var errors = new Dictionary<string, string>();
        if (ValidateName(name) is { } nameError)
        {
            errors["Name"] = nameError;
        }
        if (secret is not null && ValidateSecret(secret) is { } secretError)
        {
            errors["Secret"] = secretError;
        }
        if (ValidateBaseUrl(baseUrl) is { } urlError)
        {
            errors["BaseUrl"] = urlError;
        }
        return errors;
    }
}
