using System.Net;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>Who may open which page: anonymous visitors, members of another team, users who are not site admins.</summary>
public sealed class PageAccessTests(PageAccessTests.App app) : IClassFixture<PageAccessTests.App>
{
    /// <summary>Pages a visitor opens without signing in. Everything else must send them to the sign-in page.</summary>
    private static readonly string[] AnonymousPages =
    [
        "/Account/Login",
        "/Account/ForgotPassword",
        "/Account/ResetPassword",
        "/Account/Lockout",
        "/Account/AccessDenied",
        "/setup",
        "/not-found",
        // Share links: the token is the credential (a bad one gets 404, see ShareViewerTests).
        "/s/{Token}",
        "/Error",
    ];

    public sealed class App : AppFactory
    {
        public const string AlphaSlug = "alpha-isolation";
        public const string AlphaName = "Alpha Isolation Team";
        public const string BravoSlug = "bravo-isolation";
        public const string BravoName = "Bravo Zulu Confidential";
        public const string BravoKeyName = "Bravo Quebec Payroll Key";
        public const string BravoMember = "carol.bravo-only@example.com";

        protected override async Task SeedAsync()
        {
            await CreateUserAsync("root@example.com", siteAdmin: true);
            var alice = await CreateUserAsync("alice@example.com");
            var bob = await CreateUserAsync("bob@example.com");
            var carol = await CreateUserAsync(BravoMember);
            var alpha = await CreateTeamAsync(AlphaSlug, AlphaName);
            var bravo = await CreateTeamAsync(BravoSlug, BravoName);
            await AddToTeamAsync(alice, alpha, TeamRole.Owner);
            await AddToTeamAsync(bob, bravo, TeamRole.Owner);
            await AddToTeamAsync(carol, bravo, TeamRole.Viewer);
            await AddKeyAsync(bob, bravo, BravoKeyName, "sk_bravo_0123456789abcdef");
        }
    }

    private static string Address(string template, string slug) =>
        RoutablePages.Address(template, new Dictionary<string, string> { ["TeamSlug"] = slug, ["CampaignId"] = "campaign-1", ["Token"] = "no-such-share-token" });

    [Fact]
    public void Reflection_finds_the_pages_of_the_app_and_every_allow_listed_page_exists()
    {
        Assert.Contains("/", RoutablePages.Templates);
        Assert.Contains("/t/{TeamSlug}/settings/keys", RoutablePages.Templates);
        Assert.Contains("/admin/users", RoutablePages.Templates);
        Assert.NotEmpty(RoutablePages.TeamPages);
        Assert.NotEmpty(RoutablePages.AdminPages);
        // A stale entry would silently widen the allow-list.
        Assert.All(AnonymousPages, page => Assert.Contains(page, RoutablePages.Templates, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(RoutablePages.All), MemberType = typeof(RoutablePages))]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_from_every_page_but_the_public_ones(string template)
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync(Address(template, App.AlphaSlug));

        if (AnonymousPages.Contains(template, StringComparer.OrdinalIgnoreCase))
        {
            Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.NotFound,
                $"{template} is public but answered {(int)page.Status} {page.LocationPath}");
            Assert.Null(page.Response.Headers.Location);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.StartsWith("/Account/Login", page.LocationPath);
            Assert.DoesNotContain(App.AlphaName, page.Html);
        }
    }

    [Theory]
    [MemberData(nameof(RoutablePages.TeamPages), MemberType = typeof(RoutablePages))]
    public async Task A_member_of_one_team_gets_404_and_nothing_of_another_teams_pages(string template)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("alice@example.com");

        var page = await browser.GetAsync(Address(template, App.BravoSlug));

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain(App.BravoName, page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(App.BravoKeyName, page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(App.BravoMember, page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("bob@example.com", page.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(RoutablePages.TeamPages), MemberType = typeof(RoutablePages))]
    public async Task A_member_opens_every_page_of_their_own_team(string template)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("alice@example.com");

        var page = await browser.GetAsync(Address(template, App.AlphaSlug));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(App.AlphaName, page.Html);
    }

    [Theory]
    [MemberData(nameof(RoutablePages.AdminPages), MemberType = typeof(RoutablePages))]
    public async Task A_user_who_is_not_site_admin_gets_404_on_every_admin_page(string template)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("alice@example.com");

        var page = await browser.GetAsync(Address(template, App.AlphaSlug));

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain("bob@example.com", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(App.BravoName, page.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(RoutablePages.AdminPages), MemberType = typeof(RoutablePages))]
    public async Task A_site_admin_opens_every_admin_page(string template)
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("root@example.com");

        var page = await browser.GetAsync(Address(template, App.AlphaSlug));

        Assert.Equal(HttpStatusCode.OK, page.Status);
    }
}
