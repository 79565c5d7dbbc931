using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SoundlinkDashboard.Core.Sync;

namespace SoundlinkDashboard.Core.Keys;

/// <summary>The "Soundlink" configuration section: where a stored key may be sent.</summary>
public sealed class SoundlinkUrlOptions
{
    public const string Section = "Soundlink";
    public const string DefaultAllowed = "https://api.getsoundlink.com";

    /// <summary>
    /// Base URLs a key may name (scheme, host, port and a path prefix). Empty means only
    /// <see cref="DefaultAllowed"/>. Plain http is accepted only for loopback hosts in Development.
    /// </summary>
    public string[]? AllowedBaseUrls { get; set; }

    public IReadOnlyList<string> Effective => AllowedBaseUrls is { Length: > 0 } list ? list : [DefaultAllowed];
}

/// <summary>Refuses an allow-list that would let keys travel in clear text or to odd addresses; checked at start.</summary>
public sealed class SoundlinkUrlOptionsValidator(IHostEnvironment environment) : IValidateOptions<SoundlinkUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, SoundlinkUrlOptions options)
    {
        var failures = options.Effective
            .Select(entry => BaseUrlAllowList.EntryProblem(entry, environment.IsDevelopment()) is { } problem
                ? $"Soundlink:AllowedBaseUrls entry \"{entry}\": {problem}"
                : null)
            .OfType<string>()
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The one answer to "may a stored key be sent there?", asked when a key is saved and again before every request
/// made with a stored key (a key saved under an older, wider list is refused, not sent). The operator's
/// <c>Sync:DefaultBaseUrl</c> (used by keys that name no URL) is configuration, not owner input, and always allowed.
/// Demo mode adds its in-process simulator at run time.
/// </summary>
public sealed class BaseUrlAllowList
{
    private readonly object _gate = new();
    private List<Uri> _allowed;
    private readonly Uri? _default;

    public BaseUrlAllowList(IOptions<SoundlinkUrlOptions> options, SyncOptions sync)
    {
        _allowed = options.Value.Effective.Select(e => new Uri(e.Trim(), UriKind.Absolute)).ToList();
        _default = Uri.TryCreate(sync.DefaultBaseUrl, UriKind.Absolute, out var d) ? d : null;
    }

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_gate)
            {
                return _allowed.Select(u => u.GetLeftPart(UriPartial.Path).TrimEnd('/')).ToList();
            }
        }
    }

    /// <summary>Adds an address the app itself runs (demo mode's loopback simulator).</summary>
    public void Allow(Uri baseUrl)
    {
        lock (_gate)
        {
            _allowed = [.. _allowed, baseUrl];
        }
    }

    /// <summary>Null when a key may use <paramref name="baseUrl"/> (null or empty: the default); otherwise why not.</summary>
    public string? Problem(string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return null;
        }
        if (!Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
            uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return "Use an absolute http(s) address without user, query or fragment.";
        }
        if (_default is not null && Matches(_default, uri))
        {
            return null;
        }
        List<Uri> allowed;
        lock (_gate)
        {
            allowed = _allowed;
        }
        return allowed.Any(a => Matches(a, uri))
            ? null
            : $"{uri.GetLeftPart(UriPartial.Authority)} is not an allowed Soundlink address on this instance " +
              $"(allowed: {string.Join(", ", allowed.Select(a => a.GetLeftPart(UriPartial.Authority)))}; an operator sets Soundlink:AllowedBaseUrls).";
    }

    /// <summary>Same scheme, host and port, and the path at or under the entry's path.</summary>
    internal static bool Matches(Uri entry, Uri candidate)
    {
        if (!string.Equals(entry.Scheme, candidate.Scheme, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(entry.IdnHost, candidate.IdnHost, StringComparison.OrdinalIgnoreCase) || entry.Port != candidate.Port)
        {
            return false;
        }
        var prefix = entry.AbsolutePath.TrimEnd('/');
        var path = candidate.AbsolutePath.TrimEnd('/');
        return prefix.Length == 0 || path.Equals(prefix, StringComparison.Ordinal) || path.StartsWith(prefix + "/", StringComparison.Ordinal);
    }

    /// <summary>Why a configured entry is refused, or null.</summary>
    internal static string? EntryProblem(string entry, bool development)
    {
        if (!Uri.TryCreate(entry?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
            uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return "not an absolute http(s) URL without user, query or fragment";
        }
        if (uri.Scheme == "http" && !(development && IsLoopback(uri)))
        {
            return "plain http is allowed only for loopback hosts (localhost, 127.0.0.0/8, ::1) in Development";
        }
        return null;
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
