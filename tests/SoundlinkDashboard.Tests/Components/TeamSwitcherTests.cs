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
        Render<TeamSwitcher>(p => p.Add(s => s.Teams, Teams).Add(s => s.CurrentSlug, currentSlug));

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

    [Fact]
    public void The_button_opens_and_closes_the_list_and_escape_or_a_click_beside_it_closes_it()
    {
        var switcher = RenderSwitcher("bravo");
        Assert.Empty(switcher.FindAll(".team-switcher-item"));

        switcher.Find(".team-switcher-button").Click();
        Assert.Equal(Teams.Length, switcher.FindAll(".team-switcher-item").Count);
        Assert.Equal("true", switcher.Find(".team-switcher-button").GetAttribute("aria-expanded"));

        switcher.Find(".team-switcher").KeyDown(new KeyboardEventArgs { Key = "Escape" });
        Assert.Empty(switcher.FindAll(".team-switcher-item"));
        Assert.Equal("false", switcher.Find(".team-switcher-button").GetAttribute("aria-expanded"));

        switcher.Find(".team-switcher-button").Click();
        switcher.Find(".team-switcher-scrim").Click();
        Assert.Empty(switcher.FindAll(".team-switcher-item"));
    }

    [Fact]
    public void The_list_links_every_team_to_its_page_and_marks_only_the_current_one()
    {
        var switcher = RenderSwitcher("charlie");

        switcher.Find(".team-switcher-button").Click();

        var items = switcher.FindAll(".team-switcher-item");
        foreach (var team in Teams)
        {
            var item = Assert.Single(items, i => i.TextContent.Contains(team.Name));
            Assert.Equal("A", item.TagName);
            Assert.Equal($"t/{team.Slug}", item.GetAttribute("href"));
        }
        var current = Assert.Single(switcher.FindAll(".current-team"));
        Assert.Contains("Charlie Label", current.TextContent);
        Assert.Equal("page", current.GetAttribute("aria-current"));
        Assert.Single(items, i => i.QuerySelector("svg") is not null);

        current.Click();
        Assert.Empty(switcher.FindAll(".team-switcher-item"));
    }
}
