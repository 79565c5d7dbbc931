using Bunit;
using SoundlinkDashboard.Components.Layout;

namespace SoundlinkDashboard.Tests.Components;

public sealed class NavMenuTests : MudComponentTest
{
    [Fact]
    public void The_menu_marks_the_current_page_and_renders_again_only_when_that_or_its_links_change()
    {
        var menu = Render<NavMenu>(p => p.Add(c => c.CurrentPath, "").Add(c => c.IsAdmin, true));
        Assert.Equal("page", menu.Find("a[href='']").GetAttribute("aria-current"));

        // The layout passes the same again on a dashboard's every filter change.
        menu.Render(p => p.Add(c => c.CurrentPath, "").Add(c => c.IsAdmin, true));
        Assert.Equal(1, menu.RenderCount);

        menu.Render(p => p.Add(c => c.CurrentPath, "admin/users").Add(c => c.IsAdmin, true));
        Assert.Equal(2, menu.RenderCount);
        Assert.False(menu.Find("a[href='']").HasAttribute("aria-current"));
        Assert.Equal("page", menu.Find("a[href='admin/users']").GetAttribute("aria-current"));

        menu.Render(p => p.Add(c => c.CurrentPath, "admin/users").Add(c => c.IsAdmin, false));
        Assert.Empty(menu.FindAll("a[href='admin/users']"));
    }
}
