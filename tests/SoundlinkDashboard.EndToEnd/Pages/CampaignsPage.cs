using Microsoft.Playwright;
using SoundlinkDashboard.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>A team's campaigns (/t/{team}/campaigns): register campaigns from the key's list, sync them now.</summary>
public sealed class CampaignsPage(IPage page)
{
    public async Task OpenAsync(string team)
    {
        await page.GotoAsync($"t/{team}/campaigns");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Campaigns", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Opens "Register campaigns", ticks the given campaigns in the key's list and registers them.</summary>
    public async Task RegisterAsync(IReadOnlyList<string> campaignIds)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Register campaigns" }).ClickAsync();
        var available = page.Locator(".available-table tbody tr");
        await Expect(available.First).ToBeVisibleAsync();
        foreach (var id in campaignIds)
        {
            var row = available.Filter(new() { HasText = id });
            await row.Locator(".mud-checkbox").ClickAsync();
            await Expect(row.Locator("input[type=checkbox]")).ToBeCheckedAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = $"Register {campaignIds.Count} campaigns" }).ClickAsync();
        await Expect(page.Locator(".available-table")).ToHaveCountAsync(0);
    }

    public ILocator Row(string campaignId) => page.Locator(".campaigns-table tbody tr").Filter(new() { HasText = campaignId });

    public ILocator Progress(string campaignId) => Row(campaignId).Locator(".sync-progress");

    public ILocator State(string campaignId) => Row(campaignId).Locator(".mud-chip");

    public async Task SyncNowAsync(string campaignId) =>
        await Row(campaignId).GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
}
