using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SoundlinkDashboard.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>Admin → Teams (/admin/teams) and a team's members (/admin/teams/{slug}), for site admins.</summary>
public sealed class TeamsAdminPage(IPage page)
{
    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(new Regex("/admin/teams$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Teams", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Fills the name, checks the slug the page suggests, and creates the team; lands on its members page.</summary>
    public async Task CreateTeamAsync(string name, string expectedSlug)
    {
        var form = page.Locator(".mud-paper").Filter(new() { Has = page.GetByText("Create a team") });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Expect(form.GetByLabel("Slug (used in addresses: /t/slug)")).ToHaveValueAsync(expectedSlug);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/teams/{Regex.Escape(expectedSlug)}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Members of {name}" })).ToBeVisibleAsync();
    }

    /// <summary>Adds an existing user; on a team without an owner the role picker already says Owner.</summary>
    public async Task AddOwnerAsync(string email)
    {
        var form = page.Locator(".mud-paper").Filter(new() { Has = page.GetByText("Add a member") });
        await Expect(form.Locator(".mud-input-control.mud-select")).ToContainTextAsync("Owner");
        await form.GetByLabel("Email of an existing user").FillAsync(email);
        await form.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        var row = page.Locator(".members-table tbody tr").Filter(new() { HasText = email });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".mud-input-control.mud-select")).ToContainTextAsync("Owner");
    }
}
