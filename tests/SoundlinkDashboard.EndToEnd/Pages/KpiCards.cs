using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>The KPI cards the team dashboard and the share viewer both show (each a group named by its title).</summary>
public sealed class KpiCards(IPage page)
{
    public ILocator Value(string title) =>
        page.GetByRole(AriaRole.Group, new() { Name = title, Exact = true }).Locator(".kpi-value");

    /// <summary>Every expected card shows exactly the expected text (retried until the view has re-rendered).</summary>
    public async Task ExpectAsync(IReadOnlyDictionary<string, string> expected)
    {
        foreach (var (title, text) in expected)
        {
            await Expect(Value(title)).ToHaveTextAsync(text);
        }
    }
}
