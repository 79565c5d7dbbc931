using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>/setup: a new instance's first page, which creates the site admin (a static form, no circuit).</summary>
public sealed class SetupPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("setup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome" })).ToBeVisibleAsync();
    }

    public async Task CreateAdminAsync(string email, string password)
    {
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#confirm").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the admin account" }).ClickAsync();
    }
}
