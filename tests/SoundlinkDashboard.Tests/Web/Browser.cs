using System.Net;
using System.Text.RegularExpressions;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>
/// Talks to the app the way a browser without JavaScript does: a cookie jar, forms posted with the hidden
/// inputs the page rendered (antiforgery token, Blazor's <c>_handler</c>), and redirects left to the test.
/// </summary>
public sealed partial class Browser : IDisposable
{
    public const string AuthCookie = "soundlink.auth";

    public Browser(AppFactory app)
    {
        // The factory's own clients follow redirects when it runs Kestrel; a browser's 302s are what tests check.
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies })
        {
            BaseAddress = app.ServerAddress,
        };
        BaseAddress = app.ServerAddress;
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public Uri BaseAddress { get; }

    public bool HasAuthCookie => Cookies.GetCookies(BaseAddress).Any(c => c.Name == AuthCookie && !c.Expired);

    public async Task<Page> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        return new Page(response, await response.Content.ReadAsStringAsync());
    }

    public async Task<Page> PostFormAsync(string path, params (string Name, string Value)[] fields)
    {
        var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var response = await Http.PostAsync(path, content);
        return new Page(response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens the sign-in page and submits its form, as a person would.</summary>
    public async Task<Page> SubmitLoginAsync(string email, string password)
    {
        var login = await GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        return await PostFormAsync("/Account/Login",
            ("_handler", login.HiddenInput("_handler")),
            ("__RequestVerificationToken", login.HiddenInput("__RequestVerificationToken")),
            ("Input.Email", email),
            ("Input.Password", password));
    }

    /// <summary>Signs in and checks that it worked: a redirect away from the sign-in page and the auth cookie.</summary>
    public async Task SignInAsync(string email, string password = AppFactory.Password)
    {
        var result = await SubmitLoginAsync(email, password);
        Assert.True(result.Status == HttpStatusCode.Redirect, $"Sign-in of {email} answered {(int)result.Status}: {result.Html}");
        Assert.Equal("/", result.LocationPath);
        Assert.True(HasAuthCookie, $"Sign-in of {email} set no {AuthCookie} cookie.");
    }

    public void Dispose() => Http.Dispose();

    /// <summary>A response and its body.</summary>
    public sealed record Page(HttpResponseMessage Response, string Html)
    {
        public HttpStatusCode Status => Response.StatusCode;

        /// <summary>The path (and query) a redirect points to, or null.</summary>
        public string? LocationPath => Response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location : new Uri(Response.RequestMessage!.RequestUri!, location)).PathAndQuery
            : null;

        /// <summary>The value of the first hidden input with this name; fails the test if the page has none.</summary>
        public string HiddenInput(string name)
        {
            foreach (Match input in InputTag().Matches(Html))
            {
                if (Attribute(input.Value, "name") == name && Attribute(input.Value, "value") is { } value)
                {
                    return value;
                }
            }
            Assert.Fail($"The page has no input named {name}: {Html}");
            return "";
        }

        private static string? Attribute(string tag, string name)
        {
            var match = Regex.Match(tag, $"""\s{Regex.Escape(name)}="([^"]*)" """.TrimEnd());
            return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
        }
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();
}
