using System.Net;
using System.Text.RegularExpressions;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>Sign-in attempts are limited per client address; reading the sign-in page is not.</summary>
public sealed class RateLimitTests(RateLimitTests.App app) : IClassFixture<RateLimitTests.App>
{
    public sealed class App : AppFactory
    {
        protected override int? LoginPerMinute => 3;

        protected override async Task SeedAsync() => await CreateUserAsync("burst@example.com");
    }

    [Fact]
    public async Task A_burst_of_sign_ins_beyond_the_limit_gets_429_with_a_retry_after_in_whole_seconds()
    {
        using var browser = app.NewBrowser();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var allowed = await browser.SubmitLoginAsync("burst@example.com", $"wrong {attempt}");
            Assert.Equal(HttpStatusCode.OK, allowed.Status);
        }

        var refused = await browser.SubmitLoginAsync("burst@example.com", AppFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.False(browser.HasAuthCookie);
        var retryAfter = Assert.Single(refused.Response.Headers.GetValues("Retry-After"));
        Assert.Matches(new Regex("^[0-9]+$"), retryAfter);
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        // Reading the page is not an attempt: it still opens.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/Login")).Status);
    }
}

/// <summary>Without a setting the limit is 10 sign-in attempts a minute.</summary>
public sealed class DefaultRateLimitTests(DefaultRateLimitTests.App app) : IClassFixture<DefaultRateLimitTests.App>
{
    public sealed class App : AppFactory
    {
        protected override int? LoginPerMinute => null;

        protected override async Task SeedAsync() => await CreateUserAsync("default-limit@example.com");
    }

    [Fact]
    public async Task Ten_sign_in_attempts_a_minute_are_allowed_and_the_eleventh_is_refused()
    {
        using var browser = app.NewBrowser();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            // A different unknown address each time: five failures for one address lock it (unknown ones too).
            var allowed = await browser.SubmitLoginAsync($"nobody{attempt}@example.com", "whatever password");
            Assert.Equal(HttpStatusCode.OK, allowed.Status);
        }

        var refused = await browser.SubmitLoginAsync("nobody@example.com", "whatever password");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.True(refused.Response.Headers.Contains("Retry-After"));
    }
}
