using Microsoft.Playwright;
using SoundlinkDashboard.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>A team's share links (/t/{team}/shares): list, revoke (with a confirmation).</summary>
public sealed class ShareLinksPage(IPage page)
{
    public async Task OpenAsync(string team)
    {
        await page.GotoAsync($"t/{team}/shares");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Share links" })).ToBeVisibleAsync();
    }

    public ILocator Row(string name) => page.Locator(".share-links-table tbody tr").Filter(new() { HasText = name });

    public async Task RevokeAsync(string name)
    {
        var row = Row(name);
        await Expect(row.Locator(".mud-chip")).ToHaveTextAsync("active");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name}" }).ClickAsync();
        // The confirmation replaces the row's buttons: Revoke (for real) or Keep.
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(row.Locator(".mud-chip")).ToHaveTextAsync("revoked");
    }
}
