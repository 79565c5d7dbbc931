using System.Net;
using System.Text.RegularExpressions;

namespace SoundlinkDashboard.LoadTest;

/// <summary>
/// Signs in once over HTTP the way a browser without JavaScript does: GET the sign-in page, post its form back with
/// the hidden inputs it rendered (antiforgery token, Blazor's form handler) and the email and password fields it
/// names. The auth cookie lands in the shared cookie container and every session reuses it.
/// </summary>
internal static partial class SignIn
{
    public const string AuthCookie = "soundlink.auth";

    public static async Task RunAsync(HttpClient http, CookieContainer cookies, Uri baseAddress, CancellationToken cancellationToken)
    {
        var loginUri = new Uri(baseAddress, "Account/Login");
        using var page = await http.GetAsync(loginUri, cancellationToken);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        var form = FormTag().Match(html);
        if (page.StatusCode != HttpStatusCode.OK || !form.Success)
        {
            throw new InvalidOperationException($"GET /Account/Login answered {(int)page.StatusCode} without a post form");
        }
        var fields = new List<KeyValuePair<string, string>>();
        string? email = null;
        string? password = null;
        foreach (Match input in InputTag().Matches(form.Groups["body"].Value))
        {
            var name = Attribute(input.Value, "name");
            var type = Attribute(input.Value, "type") ?? "text";
            if (name is null)
            {
                continue;
            }
            if (type == "hidden")
            {
                fields.Add(new(name, Attribute(input.Value, "value") ?? ""));
            }
            else if (type == "password")
            {
                password = name;
            }
            else if (type == "email" || name.EndsWith("Email", StringComparison.OrdinalIgnoreCase))
            {
                email = name;
            }
        }
        if (email is null || password is null)
        {
            throw new InvalidOperationException("the sign-in form has no email or password field");
        }
        fields.Add(new(email, AppUnderTest.Email));
        fields.Add(new(password, AppUnderTest.Password));
        var action = Attribute(form.Groups["tag"].Value, "action");
        var target = string.IsNullOrEmpty(action) ? loginUri : new Uri(loginUri, action);
        using var content = new FormUrlEncodedContent(fields);
        using var response = await http.PostAsync(target, content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || !cookies.GetCookies(baseAddress).Any(c => c.Name == AuthCookie))
        {
            throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode} without the {AuthCookie} cookie");
        }
        Console.Error.WriteLine($"signed in as {AppUnderTest.Email} (fields: {string.Join(", ", fields.Select(f => f.Key))})");
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"""\s{Regex.Escape(name)}="([^"]*)"|\s{Regex.Escape(name)}='([^']*)'""", RegexOptions.IgnoreCase);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value) : null;
    }

    [GeneratedRegex(@"(?<tag><form\b[^>]*method=""post""[^>]*>)(?<body>.*?)</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormTag();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();
}
