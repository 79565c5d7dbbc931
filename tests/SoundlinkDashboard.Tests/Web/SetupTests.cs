using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Accounts;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>A new instance with no user: the setup page is the way in.</summary>
public sealed class SetupOnEmptyInstanceTests(SetupOnEmptyInstanceTests.App app) : IClassFixture<SetupOnEmptyInstanceTests.App>
{
    public sealed class App : AppFactory;

    [Fact]
    public async Task The_setup_page_of_an_empty_instance_shows_the_form_for_the_first_account()
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync("/setup");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Create the first account", page.Html);
        Assert.Equal("setup", page.HiddenInput("_handler"));
        Assert.Contains("name=\"Input.Email\"", page.Html);
        Assert.Contains("name=\"Input.Password\"", page.Html);
    }

    [Fact]
    public async Task The_sign_in_page_of_an_empty_instance_leads_to_setup()
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/setup", page.LocationPath);
    }
}

/// <summary>Completing setup creates the site admin, signs them in, and removes the page for good.</summary>
public sealed class SetupCompletionTests(SetupCompletionTests.App app) : IClassFixture<SetupCompletionTests.App>
{
    public sealed class App : AppFactory;

    [Fact]
    public async Task Completing_setup_signs_in_the_new_site_admin_and_the_page_is_gone_afterwards()
    {
        using var browser = app.NewBrowser();
        var form = await browser.GetAsync("/setup");

        var result = await browser.PostFormAsync("/setup",
            ("_handler", form.HiddenInput("_handler")),
            ("__RequestVerificationToken", form.HiddenInput("__RequestVerificationToken")),
            ("Input.Email", "first@example.com"),
            ("Input.Password", "first password 1"),
            ("Input.ConfirmPassword", "first password 1"));

        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal("/admin/teams", result.LocationPath);
        Assert.True(browser.HasAuthCookie);
        var admin = await app.Services.GetRequiredService<AccountService>().FindByEmailAsync("first@example.com");
        Assert.True(admin?.IsSiteAdmin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/teams")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/setup")).Status);
    }
}

/// <summary>Once a user exists, /setup does not exist any more, whatever is sent to it.</summary>
public sealed class SetupGateTests(SetupGateTests.App app) : IClassFixture<SetupGateTests.App>
{
    public sealed class App : AppFactory
    {
        protected override async Task SeedAsync() => await CreateUserAsync("existing@example.com");
    }

    [Fact]
    public async Task Get_setup_answers_404_once_a_user_exists()
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync("/setup");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain("Create the first account", page.Html);
    }

    [Fact]
    public async Task Posting_the_setup_form_answers_404_and_creates_no_user_once_a_user_exists()
    {
        using var browser = app.NewBrowser();
        var login = await browser.GetAsync("/Account/Login");

        var result = await browser.PostFormAsync("/setup",
            ("_handler", "setup"),
            ("__RequestVerificationToken", login.HiddenInput("__RequestVerificationToken")),
            ("Input.Email", "intruder@example.com"),
            ("Input.Password", "intruder password"),
            ("Input.ConfirmPassword", "intruder password"));

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.False(browser.HasAuthCookie);
        Assert.Null(await app.Services.GetRequiredService<AccountService>().FindByEmailAsync("intruder@example.com"));
    }

    /// <summary>The gate promises 404 "for every method", also to requests no browser form would send.</summary>
    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Setup_answers_404_to_any_method_even_without_an_antiforgery_token(string method)
    {
        using var browser = app.NewBrowser();
        var request = new HttpRequestMessage(new HttpMethod(method), "/setup")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "setup",
                ["Input.Email"] = "script@example.com",
                ["Input.Password"] = "script password",
                ["Input.ConfirmPassword"] = "script password",
            }),
        };

        var response = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<AccountService>().FindByEmailAsync("script@example.com"));
    }
}
