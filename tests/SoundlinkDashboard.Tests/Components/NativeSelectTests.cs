using Bunit;
using SoundlinkDashboard.Components.Shared;

namespace SoundlinkDashboard.Tests.Components;

public sealed class NativeSelectTests : MudComponentTest
{
    private static List<(string, string)> Options() => [("day", "Day"), ("week", "Week")];

    [Fact]
    public void It_reports_a_new_value_and_renders_again_only_when_something_shown_changed()
    {
        var picked = new List<string>();
        var select = Render<NativeSelect>(p => p.Add(c => c.Label, "Grain").Add(c => c.Options, Options()).Add(c => c.Value, "day")
            .Add(c => c.ValueChanged, (string v) => picked.Add(v)));
        Assert.Equal("day", select.Find("select").GetAttribute("value"));
        Assert.Equal("Grain", select.Find(".native-select-label").TextContent);

        select.Find("select").Change("week");
        select.Find("select").Change("day");
        Assert.Equal(["week"], picked);

        var renders = select.RenderCount;
        select.Render(p => p.Add(c => c.Options, Options()));
        Assert.Equal(renders, select.RenderCount);

        select.Render(p => p.Add(c => c.Value, "week"));
        Assert.Equal(renders + 1, select.RenderCount);
        Assert.Equal("week", select.Find("select").GetAttribute("value"));
    }
}
