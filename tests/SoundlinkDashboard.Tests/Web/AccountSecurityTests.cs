using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SoundlinkDashboard.Accounts;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Audit;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>Sign-in that reveals no accounts, sessions that end with a password change, reset or "sign out everywhere",
/// a locked change-password form, and the password rules, through the real forms over HTTP on a fake clock.</summary>
public sealed class AccountSecurityTests(AccountSecurityTests.App app) : IClassFixture<AccountSecurityTests.App>
{
    public sealed class HashCounter
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public void Count() => Interlocked.Increment(ref _verifications);
    }

    /// <summary>Identity's own hasher, counting the password checks it does.</summary>
    public sealed class CountingHasher(IOptions<PasswordHasherOptions> options, HashCounter counter) : PasswordHasher<AppUser>(options)
    {
        public override PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            counter.Count();
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    public sealed class App : AppFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public HashCounter Hashes { get; } = new();

        protected override TimeProvider? Time => Clock;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Hashes);
                services.AddScoped<IPasswordHasher<AppUser>, CountingHasher>();
            });
        }

        protected override async Task SeedAsync()
        {
            foreach (var email in new[] { "exists@example.com", "exists-lock@example.com", "reset@example.com", "change@example.com",
                         "everywhere@example.com", "guess@example.com", "weak@example.com", "circuit@example.com", "link@example.com" })
            {
                await CreateUserAsync(email);
            }
        }
    }

    private static async Task<Browser.Page> SubmitChangePasswordAsync(Browser browser, string current, string next)
    {
        var form = await browser.GetAsync("/Account/Manage/ChangePassword");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        return await browser.PostFormAsync("/Account/Manage/ChangePassword",
            ("_handler", form.HiddenInput("_handler")),
            ("__RequestVerificationToken", form.HiddenInput("__RequestVerificationToken")),
            ("Input.CurrentPassword", current),
            ("Input.NewPassword", next),
            ("Input.ConfirmPassword", next));
    }

    [Fact]
    public async Task A_wrong_password_gets_the_same_answer_for_an_existing_and_an_unknown_address()
    {
        using var first = app.NewBrowser();
        using var second = app.NewBrowser();

        var existing = await first.SubmitLoginAsync("exists@example.com", "not the password");
        var unknown = await second.SubmitLoginAsync("nobody-here@example.com", "not the password");

        Assert.Equal(existing.Status, unknown.Status);
        Assert.Equal(existing.LocationPath, unknown.LocationPath);
        const string message = "That email and password do not match.";
        Assert.Contains(message, existing.Html);
        Assert.Contains(message, unknown.Html);
        Assert.False(first.HasAuthCookie);
        Assert.False(second.HasAuthCookie);
    }

    [Fact]
    public async Task The_password_hasher_runs_for_an_unknown_address_as_for_an_existing_one()
    {
        using var browser = app.NewBrowser();

        var before = app.Hashes.Verifications;
        await browser.SubmitLoginAsync("ghost@example.com", "some password here");
        var unknownChecks = app.Hashes.Verifications - before;
        before = app.Hashes.Verifications;
        await browser.SubmitLoginAsync("exists@example.com", "some password here");
        var existingChecks = app.Hashes.Verifications - before;

        Assert.Equal(1, existingChecks);
        Assert.Equal(existingChecks, unknownChecks);
    }

    [Fact]
    public async Task An_unknown_address_is_locked_out_after_five_failures_exactly_like_an_existing_one()
    {
        async Task<List<string>> AttemptsAsync(string email)
        {
            using var browser = app.NewBrowser();
            var answers = new List<string>();
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                var page = await browser.SubmitLoginAsync(email, $"wrong password {attempt}");
                answers.Add($"{(int)page.Status} {page.LocationPath}");
            }
            return answers;
        }

        var existing = await AttemptsAsync("exists-lock@example.com");
        var unknown = await AttemptsAsync("never-registered@example.com");

        Assert.Equal(existing, unknown);
        Assert.Equal("302 /Account/Lockout", unknown[^1]);
        Assert.Contains(await app.AuditEventsAsync(), e => e.Kind == AuditKinds.LockedOut && e.ActorEmail == "never-registered@example.com");
    }

    [Fact]
    public async Task A_cookie_taken_before_a_password_reset_is_refused_after_it()
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("reset@example.com");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).Status);

        await app.Services.GetRequiredService<AccountService>().ResetPasswordAsync("reset@example.com", "a brand new passphrase");
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.Status);
        Assert.StartsWith("/Account/Login", after.LocationPath);
    }

    [Fact]
    public async Task A_cookie_taken_before_a_reset_through_an_admin_issued_link_is_refused_after_it()
    {
        var admin = await app.CreateUserAsync($"admin-{Guid.NewGuid():N}@example.com", siteAdmin: true);
        var user = (await app.Services.GetRequiredService<AccountService>().FindByEmailAsync("link@example.com"))!;
        using var session = app.NewBrowser();
        await session.SignInAsync("link@example.com");
        var link = await app.Services.GetRequiredService<SiteAdminService>().IssueResetLinkAsync(AppFactory.PrincipalOf(admin), user.Id);

        using var resetter = app.NewBrowser();
        var form = await resetter.GetAsync("/" + link);
        var done = await resetter.PostFormAsync("/" + link,
            ("_handler", form.HiddenInput("_handler")),
            ("__RequestVerificationToken", form.HiddenInput("__RequestVerificationToken")),
            ("Input.Code", form.HiddenInput("Input.Code")),
            ("Input.Email", "link@example.com"),
            ("Input.Password", "reset through a link"),
            ("Input.ConfirmPassword", "reset through a link"));
        Assert.Contains("Your password has been changed.", done.Html);
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var after = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.Status);
        Assert.StartsWith("/Account/Login", after.LocationPath);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        using var here = app.NewBrowser();
        using var elsewhere = app.NewBrowser();
        await here.SignInAsync("change@example.com");
        await elsewhere.SignInAsync("change@example.com");

        var changed = await SubmitChangePasswordAsync(here, AppFactory.Password, "another long passphrase");
        Assert.Contains("Your password has been changed.", changed.Html);
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/")).Status);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_user()
    {
        using var here = app.NewBrowser();
        using var elsewhere = app.NewBrowser();
        await here.SignInAsync("everywhere@example.com");
        await elsewhere.SignInAsync("everywhere@example.com");
        var home = await here.GetAsync("/");
        Assert.Contains("Account/SignOutEverywhere", home.Html);

        var result = await here.PostFormAsync("/Account/SignOutEverywhere", ("__RequestVerificationToken", home.HiddenInput("__RequestVerificationToken")));
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal("/Account/Login", result.LocationPath);
        Assert.False(here.HasAuthCookie);
        var other = await elsewhere.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, other.Status);
        Assert.StartsWith("/Account/Login", other.LocationPath);
        Assert.Contains(await app.AuditEventsAsync(), e => e.Kind == AuditKinds.SignedOutEverywhere && e.ActorEmail == "everywhere@example.com");
    }

    [Fact]
    public async Task A_live_circuit_is_no_longer_valid_after_a_password_reset()
    {
        var users = app.Services.GetRequiredService<AccountService>();
        System.Security.Claims.ClaimsPrincipal principal;
        using (var scope = app.Services.CreateScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
            principal = await signIn.CreateUserPrincipalAsync((await users.FindByEmailAsync("circuit@example.com"))!);
        }
        var provider = new RevalidatingStateProvider(app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<IOptions<IdentityOptions>>());
        Assert.True(await provider.IsStillValidAsync(principal));

        await users.ResetPasswordAsync("circuit@example.com", "circuit breaker passphrase");

        Assert.False(await provider.IsStillValidAsync(principal));
    }

    [Fact]
    public async Task Five_wrong_current_passwords_lock_the_account_end_the_session_and_are_audited()
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("guess@example.com");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await SubmitChangePasswordAsync(browser, $"guess number {attempt}", "a new long passphrase");
            Assert.Contains("The current password is not right.", wrong.Html);
        }

        var fifth = await SubmitChangePasswordAsync(browser, "guess number 5", "a new long passphrase");

        Assert.Equal(HttpStatusCode.Redirect, fifth.Status);
        Assert.Equal("/Account/Lockout", fifth.LocationPath);
        Assert.False(browser.HasAuthCookie);
        using var again = app.NewBrowser();
        var signIn = await again.SubmitLoginAsync("guess@example.com", AppFactory.Password);
        Assert.Equal("/Account/Lockout", signIn.LocationPath);
        var events = (await app.AuditEventsAsync()).Where(e => e.ActorEmail == "guess@example.com").ToList();
        Assert.Equal(5, events.Count(e => e.Kind == AuditKinds.PasswordChangeFailed));
        Assert.Contains(events, e => e.Kind == AuditKinds.LockedOut);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("11111111")]
    [InlineData("password1234")]
    public async Task A_weak_new_password_is_refused_and_the_old_one_still_works(string weak)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("weak@example.com");

        var result = await SubmitChangePasswordAsync(browser, AppFactory.Password, weak);

        Assert.DoesNotContain("Your password has been changed.", result.Html);
        using var again = app.NewBrowser();
        await again.SignInAsync("weak@example.com");
    }
}
