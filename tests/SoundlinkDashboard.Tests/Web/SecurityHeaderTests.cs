using System.Net;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>Every answer forbids framing and MIME sniffing and sets a referrer policy, whatever it is.</summary>
public sealed class SecurityHeaderTests(SecurityHeaderTests.App app) : IClassFixture<SecurityHeaderTests.App>
{
    public sealed class App : AppFactory
    {
        protected override async Task SeedAsync()
        {
            var member = await CreateUserAsync("headers@example.com");
            await AddToTeamAsync(member, await CreateTeamAsync("headers-team", "Headers Team"), TeamRole.Owner);
        }
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", string.Join(";", csp));
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff), $"{what}: no X-Content-Type-Options");
        Assert.Equal("nosniff", Assert.Single(sniff));
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer), $"{what}: no Referrer-Policy");
        Assert.False(string.IsNullOrWhiteSpace(string.Join("", referrer)), $"{what}: empty Referrer-Policy");
        Assert.DoesNotContain("unsafe-url", string.Join("", referrer));
    }

    private static string Address(string template) =>
        RoutablePages.Address(template, new Dictionary<string, string> { ["TeamSlug"] = "headers-team", ["CampaignId"] = "campaign-1", ["Token"] = "no-such-share-token" });

    [Theory]
    [MemberData(nameof(RoutablePages.All), MemberType = typeof(RoutablePages))]
    public async Task Every_page_answers_an_anonymous_visitor_with_the_security_headers(string template)
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync(Address(template));

        AssertSecurityHeaders(page.Response, $"anonymous GET {template} ({(int)page.Status})");
    }

    [Theory]
    [MemberData(nameof(RoutablePages.All), MemberType = typeof(RoutablePages))]
    public async Task Every_page_answers_a_signed_in_user_with_the_security_headers(string template)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("headers@example.com");

        var page = await browser.GetAsync(Address(template));

        AssertSecurityHeaders(page.Response, $"signed-in GET {template} ({(int)page.Status})");
    }

    [Theory]
    [InlineData("/app.css")]
    [InlineData("/js/theme.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/no/such/page")]
    [InlineData("/t/no-such-team")]
    public async Task Static_files_and_unknown_addresses_carry_the_security_headers(string path)
    {
        using var browser = app.NewBrowser();

        var response = await browser.GetAsync(path);

        AssertSecurityHeaders(response.Response, $"GET {path} ({(int)response.Status})");
    }

    [Fact]
    public async Task Form_posts_redirects_and_refusals_carry_the_security_headers()
    {
        using var browser = app.NewBrowser();

        var failedSignIn = await browser.SubmitLoginAsync("headers@example.com", "wrong password");
        AssertSecurityHeaders(failedSignIn.Response, "failed sign-in");
        var forgedLogout = await browser.PostFormAsync("/Account/Logout");
        AssertSecurityHeaders(forgedLogout.Response, $"logout without token ({(int)forgedLogout.Status})");
        var signIn = await browser.SubmitLoginAsync("headers@example.com", AppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        AssertSecurityHeaders(signIn.Response, "sign-in redirect");
        var home = await browser.GetAsync("/");
        var logout = await browser.PostFormAsync("/Account/Logout", ("__RequestVerificationToken", home.HiddenInput("__RequestVerificationToken")));
        Assert.Equal(HttpStatusCode.Redirect, logout.Status);
        AssertSecurityHeaders(logout.Response, "logout redirect");
    }
}
