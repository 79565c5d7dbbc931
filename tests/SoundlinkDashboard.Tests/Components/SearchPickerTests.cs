using Bunit;
using SoundlinkDashboard.Components.Pages.Dashboard;

namespace SoundlinkDashboard.Tests.Components;

public sealed class SearchPickerTests : MudComponentTest
{
    private static readonly PickOption[] Countries =
        [new("DE", "Germany", "DE"), new("NE", "Niger", "NE"), new("NG", "Nigeria", "NG"), new("US", "United States of America", "US")];

    private IRenderedComponent<SearchPicker> Picker(IReadOnlyList<string> selected, List<IReadOnlyList<string>> changes) =>
        Render<SearchPicker>(p => p.Add(c => c.Options, Countries).Add(c => c.Selected, selected)
            .Add(c => c.AllLabel, "All countries").Add(c => c.AddLabel, "Add a country").Add(c => c.Placeholder, "Type to pick countries")
            .Add(c => c.SelectedChanged, (IReadOnlyList<string> ids) => changes.Add(ids)));

    [Fact]
    public void Suggestions_exist_only_while_the_field_has_focus_and_leave_out_the_picked_ones()
    {
        var picker = Picker(["DE"], []);
        Assert.Empty(picker.FindAll("datalist"));

        picker.Find("input").Focus();
        Assert.Equal(["Niger", "Nigeria", "United States of America"],
            picker.FindAll("datalist option").Select(o => o.GetAttribute("value")));
        Assert.Equal(picker.Find("datalist").Id, picker.Find("input").GetAttribute("list"));

        picker.Find("input").Blur();
        Assert.Empty(picker.FindAll("datalist"));
    }

    [Fact]
    public void A_name_an_id_or_a_unique_part_adds_the_option()
    {
        var changes = new List<IReadOnlyList<string>>();
        var picker = Picker(["DE"], changes);

        picker.Find("input").Change("Nigeria");
        picker.Find("input").Change("us");
        picker.Find("input").Change("united");

        Assert.Equal([["DE", "NG"], ["DE", "US"], ["DE", "US"]], changes.Select(c => c.ToList()));
        Assert.Equal("", picker.Find("input").GetAttribute("value"));
    }

    [Fact]
    public void A_whole_name_no_other_name_starts_with_is_added_while_typing()
    {
        var changes = new List<IReadOnlyList<string>>();
        var picker = Picker([], changes);

        picker.Find("input").Input("Germ");
        Assert.Empty(changes);
        picker.Find("input").Input("germany");
        Assert.Equal([["DE"]], changes.Select(c => c.ToList()));
        Assert.Equal("", picker.Find("input").GetAttribute("value"));

        // "Nigeria" starts with "Niger": typing it waits for Enter, which then takes the exact name.
        picker.Find("input").Input("Niger");
        Assert.Single(changes);
        picker.Find("input").Change("Niger");
        Assert.Equal(["NE"], changes[^1]);
    }

    [Fact]
    public void Text_that_matches_nothing_or_several_is_marked_and_adds_nothing()
    {
        var changes = new List<IReadOnlyList<string>>();
        var picker = Picker([], changes);

        picker.Find("input").Change("Niger");
        Assert.Equal([["NE"]], changes.Select(c => c.ToList()));

        picker.Find("input").Change("ni");
        Assert.Equal("Several match “ni”: pick one from the list.", picker.Find("[role=alert]").TextContent);
        Assert.Equal("true", picker.Find("input").GetAttribute("aria-invalid"));

        picker.Find("input").Change("Narnia");
        Assert.Equal("Nothing matches “Narnia”.", picker.Find("[role=alert]").TextContent);
        Assert.Single(changes);
    }

    [Fact]
    public void A_chip_removes_its_pick_and_the_all_button_clears_them()
    {
        var changes = new List<IReadOnlyList<string>>();
        var picker = Picker(["DE", "US"], changes);
        Assert.Equal("Add a country", picker.Find("label .native-select-label").TextContent);

        picker.Find("button[aria-label='Remove Germany']").Click();
        picker.Find(".picker-all").Click();

        Assert.Equal([["US"], []], changes.Select(c => c.ToList()));
    }
}
