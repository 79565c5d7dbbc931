using Microsoft.Playwright;
using SoundlinkDashboard.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>A team's API keys (/t/{team}/settings/keys): add a key, which the page checks with GET /v1/ping.</summary>
public sealed class KeysPage(IPage page)
{
    public async Task OpenAsync(string team)
    {
        await page.GotoAsync($"t/{team}/settings/keys");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys" })).ToBeVisibleAsync();
    }

    public async Task AddKeyAsync(string name, string secret, string baseUrl)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a key" }).ClickAsync();
        var form = page.Locator(".key-form");
        await form.Locator(".key-name input").FillAsync(name);
        await form.Locator(".key-secret input").FillAsync(secret);
        await Expect(form.Locator(".key-header")).ToContainTextAsync("x-api-key header (default)");
        await form.Locator(".key-base-url input").FillAsync(baseUrl);
        await form.Locator(".key-submit").ClickAsync();
    }

    public ILocator Row(string name) => page.Locator(".keys-table tbody tr").Filter(new() { HasText = name });

    /// <summary>
    /// The key is listed masked, with its base URL, and the status its ping check left says it works (the status
    /// chip, not the snackbar saying the same: a snackbar goes away after a few seconds).
    /// </summary>
    public async Task ExpectWorksAsync(string name, string secret, string baseUrl)
    {
        var row = Row(name);
        await Expect(row.Locator(".mud-chip")).ToHaveTextAsync("works");
        await Expect(row.Locator(".masked-key")).ToContainTextAsync(secret[^4..]);
        await Expect(row).Not.ToContainTextAsync(secret);
        await Expect(row).ToContainTextAsync(baseUrl);
    }
}
