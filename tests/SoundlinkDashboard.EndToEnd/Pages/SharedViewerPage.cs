using Microsoft.Playwright;
using SoundlinkDashboard.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>What someone without an account sees at a share link's address (/s/{token}).</summary>
public sealed class SharedViewerPage(IPage page)
{
    public KpiCards Kpis { get; } = new(page);

    public async Task<IResponse?> OpenAsync(string address) => await page.GotoAsync(address);

    /// <summary>The pinned dashboard under the link's name and team, with no app navigation and no sign-in.</summary>
    public async Task ExpectDashboardAsync(string linkName, string teamName)
    {
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = linkName, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-appbar")).ToContainTextAsync("Shared dashboard · read-only");
        await Expect(page.GetByText($"shared by {teamName}")).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-navmenu, .mud-drawer")).ToHaveCountAsync(0);
        await Expect(page.Locator(".user-menu")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true })).ToHaveCountAsync(0);
    }

    /// <summary>The country filter's label; with no country picked it names the link's pinned countries.</summary>
    public async Task ExpectCountryFilterAsync(string text) =>
        await Expect(page.Locator(".filter-countries label")).ToHaveTextAsync(text);

    /// <summary>The one page every bad, expired or revoked link gets.</summary>
    public async Task ExpectLinkDoesNotWorkAsync() =>
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link does not work" })).ToBeVisibleAsync();

    public async Task<IResponse?> ReloadAsync() => await page.ReloadAsync();
}
