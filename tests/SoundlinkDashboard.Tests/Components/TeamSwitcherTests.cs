using Bunit;
using Microsoft.AspNetCore.Components.Web;
using SoundlinkDashboard.Components.Layout;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Components;

public sealed class TeamSwitcherTests : MudComponentTest
{
    private static readonly TeamContext[] Teams =
    [
        TeamContexts.Make(1, "alpha", "Alpha Records", TeamRole.Owner),
        TeamContexts.Make(2, "bravo", "Bravo Music", TeamRole.Viewer),
        TeamContexts.Make(3, "charlie", "Charlie Label", TeamRole.Editor),
    ];

    private IRenderedComponent<TeamSwitcher> RenderSwitcher(string? currentSlug) =>
        RenderWithPopovers<TeamSwitcher>(p => p.Add(s => s.Teams, Teams).Add(s => s.CurrentSlug, currentSlug));

    /// <summary>Opens the menu from the keyboard (Enter on the focused activator), which MudMenu always handles.</summary>
    private async Task OpenAsync(IRenderedComponent<TeamSwitcher> switcher)
    {
        await switcher.Find(".mud-menu-activator").KeyDownAsync(new KeyboardEventArgs { Key = "Enter", Code = "Enter" });
        Popovers.WaitForAssertion(() => Assert.Equal(Teams.Length, Popovers.FindAll(".mud-menu-item").Count));
    }

    [Fact]
    public void The_button_shows_the_current_teams_name()
    {
        var switcher = RenderSwitcher("bravo");

        Assert.Contains("Bravo Music", switcher.Find(".team-switcher-button").TextContent);
        Assert.DoesNotContain("Choose a team", switcher.Find(".team-switcher-button").TextContent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-my-team")]
    public void Without_a_current_team_the_button_asks_to_choose_one(string? currentSlug)
    {
        var switcher = RenderSwitcher(currentSlug);

        var button = switcher.Find(".team-switcher-button").TextContent;
        Assert.Contains("Choose a team", button);
        Assert.All(Teams, team => Assert.DoesNotContain(team.Name, button));
    }

    /// <summary>
    /// What a mouse user does. Since MudBlazor 9 a custom ActivatorContent receives a MenuContext and must call
    /// its ToggleAsync itself; a plain button inside it no longer opens the menu.
    /// </summary>
    [Fact]
    public async Task Clicking_the_button_opens_the_list_of_teams()
    {
        var switcher = RenderSwitcher("bravo");
        Assert.Empty(Popovers.FindAll(".mud-menu-item"));

        await switcher.Find(".team-switcher-button").ClickAsync(new MouseEventArgs { Button = 0, Detail = 1 });

        Popovers.WaitForAssertion(() => Assert.Equal(Teams.Length, Popovers.FindAll(".mud-menu-item").Count), TimeSpan.FromSeconds(2));
        Assert.Equal("true", switcher.Find(".mud-menu-activator").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task Opening_it_lists_every_team_as_a_link_to_its_page()
    {
        var switcher = RenderSwitcher("bravo");

        await OpenAsync(switcher);

        var items = Popovers.FindAll(".mud-menu-item");
        Assert.Equal(Teams.Length, items.Count);
        foreach (var team in Teams)
        {
            var item = Assert.Single(items, i => i.TextContent.Contains(team.Name));
            Assert.Equal("A", item.TagName);
            Assert.Equal($"t/{team.Slug}", item.GetAttribute("href"));
        }
    }

    [Fact]
    public async Task Opening_it_marks_only_the_current_team()
    {
        var switcher = RenderSwitcher("charlie");

        await OpenAsync(switcher);

        var current = Assert.Single(Popovers.FindAll(".current-team"));
        Assert.Contains("Charlie Label", current.TextContent);
        var items = Popovers.FindAll(".mud-menu-item");
        Assert.Single(items, i => i.QuerySelector("svg.mud-menu-item-icon, .mud-menu-item-icon") is not null);
        Assert.NotNull(items.Single(i => i.TextContent.Contains("Charlie Label")).QuerySelector("svg"));
    }
}
