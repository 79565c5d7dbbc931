using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SoundlinkDashboard.EndToEnd.Pages;

/// <summary>The dashboard's "Share this view" dialog: a name, Create link, then the address shown once.</summary>
public sealed class ShareDialog(IPage page)
{
    public ILocator Root => page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Share this view" });

    public async Task ExpectOpenAsync() => await Expect(Root).ToBeVisibleAsync();

    /// <summary>Names the link, creates it and returns the address the dialog shows.</summary>
    public async Task<string> CreateLinkAsync(string name)
    {
        await Root.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Root.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var address = Root.Locator(".issued-address input");
        await Expect(address).ToHaveValueAsync(new Regex("/s/[A-Za-z0-9_-]{20,}$"));
        await Expect(Root).ToContainTextAsync("it is shown only once");
        return await address.InputValueAsync();
    }

    public async Task CloseAsync()
    {
        await Root.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(Root).ToHaveCountAsync(0);
    }
}
