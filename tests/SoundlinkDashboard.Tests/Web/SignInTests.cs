using System.Net;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>Signing in and out through the real forms, over HTTP.</summary>
public sealed class SignInTests(SignInTests.App app) : IClassFixture<SignInTests.App>
{
    public sealed class App : AppFactory
    {
        protected override async Task SeedAsync()
        {
            foreach (var email in new[] { "ok@example.com", "locked@example.com", "wrong@example.com", "logout@example.com",
                         "forged-logout@example.com" })
            {
                await CreateUserAsync(email);
            }
            var team = await CreateTeamAsync("signin-team", "Sign-in Team");
            await AddToTeamAsync(await CreateUserAsync("return@example.com"), team, TeamRole.Viewer);
        }
    }

    [Fact]
    public async Task Signing_in_with_the_right_password_redirects_home_sets_the_cookie_and_is_audited()
    {
        using var browser = app.NewBrowser();

        await browser.SignInAsync("ok@example.com");
        var home = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Contains("Your teams", home.Html);
        Assert.Contains(await app.AuditEventsAsync(), e => e.Kind == AuditKinds.SignedIn && e.ActorEmail == "ok@example.com");
    }

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_with_a_message_and_signs_nobody_in()
    {
        using var browser = app.NewBrowser();

        var result = await browser.SubmitLoginAsync("wrong@example.com", "not the password");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("That email and password do not match.", result.Html);
        Assert.False(browser.HasAuthCookie);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).Status);
        Assert.Contains(await app.AuditEventsAsync(), e => e.Kind == AuditKinds.SignInFailed && e.ActorEmail == "wrong@example.com");
    }

    [Fact]
    public async Task After_five_failed_sign_ins_even_the_right_password_is_refused_and_lands_on_the_lockout_page()
    {
        using var browser = app.NewBrowser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await browser.SubmitLoginAsync("locked@example.com", $"wrong password {attempt}");
            Assert.NotEqual("/", failed.LocationPath);
            Assert.False(browser.HasAuthCookie, $"attempt {attempt} signed in");
        }

        var sixth = await browser.SubmitLoginAsync("locked@example.com", AppFactory.Password);

        Assert.Equal(HttpStatusCode.Redirect, sixth.Status);
        Assert.Equal("/Account/Lockout", sixth.LocationPath);
        Assert.False(browser.HasAuthCookie);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).Status);
        var lockout = await browser.GetAsync("/Account/Lockout");
        Assert.Contains("Account locked", lockout.Html);
        var events = (await app.AuditEventsAsync()).Where(e => e.ActorEmail == "locked@example.com").ToList();
        Assert.Contains(events, e => e.Kind == AuditKinds.SignInFailed);
        Assert.Contains(events, e => e.Kind == AuditKinds.LockedOut);
        Assert.DoesNotContain(events, e => e.Kind == AuditKinds.SignedIn);
    }

    private static async Task<Browser.Page> SignInWithReturnUrlAsync(Browser browser, string returnUrl)
    {
        var path = $"/Account/Login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var login = await browser.GetAsync(path);
        return await browser.PostFormAsync(path,
            ("_handler", login.HiddenInput("_handler")),
            ("__RequestVerificationToken", login.HiddenInput("__RequestVerificationToken")),
            ("Input.Email", "return@example.com"),
            ("Input.Password", AppFactory.Password));
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_that_asked_for_it()
    {
        using var browser = app.NewBrowser();

        var result = await SignInWithReturnUrlAsync(browser, "/t/signin-team");

        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal("/t/signin-team", result.LocationPath);
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("https://evil.example/phish")]
    [InlineData("http://127.0.0.1.evil.example/")]
    public async Task Signing_in_never_redirects_to_another_site(string returnUrl)
    {
        using var browser = app.NewBrowser();

        var result = await SignInWithReturnUrlAsync(browser, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        var target = new Uri(browser.BaseAddress, result.Response.Headers.Location!);
        Assert.Equal(browser.BaseAddress.Authority, target.Authority);
        Assert.DoesNotContain("evil.example", target.Authority);
        Assert.True(browser.HasAuthCookie);
    }

    [Fact]
    public async Task Signing_out_with_the_pages_antiforgery_token_ends_the_session()
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("logout@example.com");
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.Status);

        var result = await browser.PostFormAsync("/Account/Logout",
            ("__RequestVerificationToken", home.HiddenInput("__RequestVerificationToken")));

        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal("/Account/Login", result.LocationPath);
        Assert.False(browser.HasAuthCookie);
        var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.Status);
        Assert.StartsWith("/Account/Login", after.LocationPath);
    }

    [Fact]
    public async Task Signing_out_without_an_antiforgery_token_is_refused_and_the_session_stays()
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("forged-logout@example.com");

        var result = await browser.PostFormAsync("/Account/Logout", ("returnUrl", "/"));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.True(browser.HasAuthCookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).Status);
    }
}
