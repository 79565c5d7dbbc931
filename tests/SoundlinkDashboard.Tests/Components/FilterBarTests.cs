using Bunit;
using SoundlinkDashboard.Components.Pages.Dashboard;

namespace SoundlinkDashboard.Tests.Components;

public sealed class FilterBarTests : MudComponentTest
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    public FilterBarTests() => CountryMapTests.AddWorldMap(Services);

    private IRenderedComponent<FilterBar> Bar(DashboardView view, List<DashboardView> changes) =>
        Render<FilterBar>(p => p.Add(c => c.View, view).Add(c => c.Today, Today).Add(c => c.Countries, ["DE", "US"])
            .Add(c => c.OnChange, (DashboardView v) => changes.Add(v)));

    [Fact]
    public void A_preset_sets_its_window_and_custom_shows_the_date_fields()
    {
        var changes = new List<DashboardView>();
        var bar = Bar(new DashboardView().WithPreset("28d", Today), changes);
        Assert.Empty(bar.FindAll("input[type=date]"));

        bar.Find(".filter-range select").Change("7d");
        Assert.Equal((new DateOnly(2026, 11, 21), Today, "7d"), (changes[^1].From, changes[^1].To, changes[^1].Range));

        var custom = Bar(new DashboardView().WithPreset("28d", Today) with { Range = "custom" }, changes);
        Assert.Equal(["2026-10-31", "2026-11-27"], custom.FindAll("input[type=date]").Select(i => i.GetAttribute("value")));
    }

    [Fact]
    public void Custom_dates_go_on_when_they_make_a_window_and_say_why_when_not()
    {
        var changes = new List<DashboardView>();
        var view = new DashboardView { Range = "custom", From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 31) };
        var bar = Bar(view, changes);

        bar.FindAll("input[type=date]")[0].Change("2026-04-15");
        Assert.Empty(changes);
        Assert.Equal("The start is after the end.", bar.Find("[role=alert]").TextContent);
        Assert.Equal("true", bar.FindAll("input[type=date]")[0].GetAttribute("aria-invalid"));

        bar.FindAll("input[type=date]")[1].Change("2026-04-30");
        Assert.Equal((new DateOnly(2026, 4, 15), new DateOnly(2026, 4, 30), "custom"), (changes.Single().From, changes.Single().To, changes.Single().Range));
        Assert.Empty(bar.FindAll("[role=alert]"));

        bar.FindAll("input[type=date]")[1].Change("");
        Assert.Equal("Enter a date as yyyy-mm-dd.", bar.Find("[role=alert]").TextContent);
        Assert.Single(changes);
    }

    [Fact]
    public void The_compare_switch_turns_the_previous_period_off()
    {
        var changes = new List<DashboardView>();
        var bar = Bar(new DashboardView().WithPreset("28d", Today), changes);

        bar.Find(".native-check input").Change(false);

        Assert.False(changes.Single().Compare);
    }
}
