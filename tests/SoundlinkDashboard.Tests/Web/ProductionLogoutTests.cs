using System.Net;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>Outside Development a sign-out without antiforgery token is a 400 with the security headers, not a 500.</summary>
public sealed class ProductionLogoutTests(ProductionLogoutTests.App app) : IClassFixture<ProductionLogoutTests.App>
{
    public sealed class App : AppFactory
    {
        protected override string? Environment => "Production";
    }

    [Fact]
    public async Task Logout_without_an_antiforgery_token_answers_400_with_the_security_headers()
    {
        await app.CreateUserAsync("prod-logout@example.com");
        using var browser = app.NewBrowser();
        await browser.SignInAsync("prod-logout@example.com");

        var result = await browser.PostFormAsync("/Account/Logout", ("returnUrl", "/"));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("nosniff", Assert.Single(result.Response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(result.Response.Headers.GetValues("Content-Security-Policy")));
        Assert.True(browser.HasAuthCookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).Status);
    }
}
