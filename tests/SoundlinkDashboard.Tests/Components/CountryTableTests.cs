using Bunit;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Tests.Components;

public sealed class CountryTableTests : MudComponentTest
{
    private static MetricsGroup Country(string code, long streams, decimal spend) =>
        new("USD", code, null, new MetricTotals { Rows = 1, Streams = streams, Listeners = streams / 2, SpendMedia = spend });

    [Fact]
    public void Rows_show_each_country_and_the_totals_row_is_the_services_total()
    {
        var rows = new[] { Country("US", 1200, 40m), Country("DE", 300, 10m) };
        // A total that is not the sum of the rows: the table must show it as given, never add up rows itself.
        var total = new MetricsGroup("USD", null, null, new MetricTotals { Rows = 9, Streams = 9999, Listeners = 1, SpendMedia = 77m });

        var table = RenderWithPopovers<CountryTable>(p => p.Add(c => c.Rows, rows).Add(c => c.Total, total).Add(c => c.Currency, "USD"));

        var body = table.FindAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(body, r => r.Contains("US") && r.Contains("1,200") && r.Contains("40.00 USD"));
        Assert.Contains(body, r => r.Contains("DE") && r.Contains("300"));
        var footer = table.Find("tfoot").TextContent;
        Assert.Contains("9,999", footer);
        Assert.Contains("77.00 USD", footer);
        Assert.DoesNotContain("1,500", footer);
    }

    [Fact]
    public void An_undefined_ratio_shows_a_dash()
    {
        var table = RenderWithPopovers<CountryTable>(p => p.Add(c => c.Rows, [Country("XK", 0, 5m)]).Add(c => c.Currency, "USD"));

        Assert.Contains("—", table.Find("tbody tr").TextContent);
    }
}
