using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SoundlinkDashboard.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>A team's dashboard (/t/{team}): filter bar, KPI cards, world map, Share button.</summary>
public sealed partial class DashboardPage(IPage page)
{
    public KpiCards Kpis { get; } = new(page);

    public async Task OpenAsync(string team)
    {
        await page.GotoAsync($"t/{team}");
        await page.WaitForCircuitAsync();
        await Expect(page.Locator(".kpi-card").First).ToBeVisibleAsync();
    }

    /// <summary>The date window the filter bar shows, "yyyy-MM-dd → yyyy-MM-dd (UTC)".</summary>
    public async Task<(DateOnly From, DateOnly To)> WindowAsync()
    {
        var window = page.Locator(".filter-bar").GetByText(WindowPattern());
        await Expect(window).ToBeVisibleAsync();
        var match = WindowPattern().Match(await window.InnerTextAsync());
        return (Parse(match.Groups[1].Value), Parse(match.Groups[2].Value));
    }

    public ILocator Country(string code) => page.Locator($"svg.world use[data-code=\"{code}\"]");

    /// <summary>Clicks a country on the map, which toggles it in the country filter (and so in the address).</summary>
    public async Task ClickCountryAsync(string code)
    {
        await Country(code).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"[?&]country={code}(&|$)"));
        await Expect(Country(code)).ToHaveAttributeAsync("aria-pressed", "true");
    }

    public async Task<ShareDialog> OpenShareDialogAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        var dialog = new ShareDialog(page);
        await dialog.ExpectOpenAsync();
        return dialog;
    }

    private static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\d{4}-\d{2}-\d{2}) → (\d{4}-\d{2}-\d{2}) \(UTC\)")]
    private static partial Regex WindowPattern();
}
