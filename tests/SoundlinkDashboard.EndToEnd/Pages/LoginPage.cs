using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>/Account/Login (a static form, no circuit).</summary>
public sealed class LoginPage(IPage page)
{
    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    public async Task SignInAsync(string email, string password)
    {
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }
}
