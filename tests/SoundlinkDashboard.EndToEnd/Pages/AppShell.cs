using Microsoft.Playwright;
using SoundlinkDashboard.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>What every signed-in page has around it: the app bar with the user menu and the navigation drawer.</summary>
public sealed class AppShell(IPage page)
{
    public ILocator Navigation => page.Locator(".mud-navmenu");

    public async Task ExpectSignedInAsync(string email)
    {
        await page.WaitForCircuitAsync();
        await Expect(page.Locator(".user-menu")).ToContainTextAsync(email);
    }

    public async Task SignOutAsync() => await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();

    /// <summary>Follows a link of the navigation drawer (interactive routing: the circuit stays).</summary>
    public async Task NavigateAsync(string link)
    {
        await Navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await page.WaitForCircuitAsync();
    }
}
