using Bunit;
using Microsoft.AspNetCore.Components.Web;
using SoundlinkDashboard.Components.Layout;

namespace SoundlinkDashboard.Tests.Components;

public sealed class ThemeToggleTests : MudComponentTest
{
    [Fact]
    public async Task The_browsers_preference_is_taken_once_a_click_switches_and_is_remembered()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        var module = JSInterop.SetupModule("./js/theme.js");
        module.Setup<bool>("prefersDark").SetResult(true);
        module.SetupVoid("rememberDark", _ => true).SetVoidResult();
        var seen = new List<bool>();
        var dark = false;
        var toggle = Render<ThemeToggle>(p => p.Add(t => t.Dark, dark).Add(t => t.DarkChanged, value =>
        {
            seen.Add(value);
            dark = value;
        }));

        toggle.WaitForAssertion(() => Assert.Equal([true], seen));
        toggle.Render(p => p.Add(t => t.Dark, dark));
        await toggle.Find("button").ClickAsync(new MouseEventArgs());

        Assert.Equal([true, false], seen);
        Assert.Equal(false, Assert.Single(module.Invocations["rememberDark"]).Arguments[0]);
        Assert.Single(module.Invocations["prefersDark"]);
    }
}
