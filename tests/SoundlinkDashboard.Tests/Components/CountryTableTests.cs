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

        var table = RenderWithPopovers<CountryTable>(p => p.Add(c => c.Rows, () => rows).Add(c => c.Total, total).Add(c => c.Currency, "USD"));

        var body = table.FindAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(body, r => r.Contains("US") && r.Contains("1,200") && r.Contains("40.00 USD"));
        Assert.Contains(body, r => r.Contains("DE") && r.Contains("300"));
        // The totals row comes last, after the page's rows.
        var totals = table.FindAll("tbody tr").Last();
        Assert.Contains("totals-row", totals.ClassName);
        Assert.Single(table.FindAll("tr.totals-row"));
        Assert.Equal("All (2)", totals.QuerySelector("td")!.TextContent.Trim());
        Assert.Contains("9,999", totals.TextContent);
        Assert.Contains("77.00 USD", totals.TextContent);
        Assert.DoesNotContain("1,500", totals.TextContent);
    }

    [Fact]
    public void An_undefined_ratio_shows_a_dash()
    {
        var table = RenderWithPopovers<CountryTable>(p => p.Add(c => c.Rows, () => [Country("XK", 0, 5m)]).Add(c => c.Currency, "USD"));

        Assert.Contains("—", table.Find("tbody tr").TextContent);
    }

    private static List<string> Codes(IRenderedComponent<CountryTable> table) =>
        table.FindAll("tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim()).ToList();

    private static AngleSharp.Dom.IElement Header(IRenderedComponent<CountryTable> table, string title) =>
        table.FindAll("button.sort-header").Single(b => b.GetAttribute("aria-label")!.StartsWith(title + ":", StringComparison.Ordinal));

    [Fact]
    public void A_header_sorts_by_its_column_and_again_flips_the_order_with_undefined_values_last()
    {
        // CPL is undefined for XK (no listeners): it stays last in both directions.
        var rows = new[] { Country("DE", 300, 10m), Country("XK", 0, 5m), Country("US", 1200, 60m), Country("BR", 50, 9m) };
        var table = RenderWithPopovers<CountryTable>(p => p.Add(c => c.Rows, () => rows).Add(c => c.Currency, "USD"));
        Assert.Equal(["DE", "XK", "US", "BR"], Codes(table));

        Header(table, "Streams").Click();
        Assert.Equal(["US", "DE", "BR", "XK"], Codes(table));
        Assert.Contains("▼", table.Find("button.sort-header.active").TextContent);

        Header(table, "Streams").Click();
        Assert.Equal(["XK", "BR", "DE", "US"], Codes(table));

        Header(table, "Cost per listener").Click();
        Assert.Equal(["BR", "US", "DE", "XK"], Codes(table));

        Assert.Equal("Country: sort ascending", Header(table, "Country").GetAttribute("aria-label"));
        Header(table, "Country").Click();
        Assert.Equal(["BR", "DE", "US", "XK"], Codes(table));
        Assert.Equal("Country: sort descending", Header(table, "Country").GetAttribute("aria-label"));
    }

    [Fact]
    public void Search_filters_by_country_code_and_the_page_size_is_picked()
    {
        var rows = Enumerable.Range(0, 26).Select(i => Country($"A{(char)('A' + i)}", 100 + i, 1m)).ToArray();
        var table = RenderWithPopovers<CountryTable>(p => p.Add(c => c.Rows, () => rows).Add(c => c.Currency, "USD"));
        Assert.Equal(10, table.FindAll("tbody tr").Count);
        Assert.Equal("1–10 of 26", table.Find(".table-pager span").TextContent);
        Assert.True(table.Find("button[aria-label='Previous page']").HasAttribute("disabled"));

        table.Find("button[aria-label='Next page']").Click();
        Assert.Equal("11–20 of 26", table.Find(".table-pager span").TextContent);
        Assert.Equal("AK", Codes(table)[0]);
        table.Find("button[aria-label='Last page']").Click();
        Assert.Equal(["AU", "AV", "AW", "AX", "AY", "AZ"], Codes(table));
        Assert.True(table.Find("button[aria-label='Next page']").HasAttribute("disabled"));

        // Another view's rows start on the first page.
        table.Render(p => p.Add(c => c.Rows, () => rows.Reverse().ToArray()));
        Assert.Equal("1–10 of 26", table.Find(".table-pager span").TextContent);
        Assert.Equal("AZ", Codes(table)[0]);

        table.Find(".country-rows select").Change("50");
        Assert.Equal(26, table.FindAll("tbody tr").Count);

        table.Find(".country-search input").Input("az");
        Assert.Equal(["AZ"], Codes(table));
    }

    [Fact]
    public void The_totals_row_ends_every_page_whatever_the_order_and_is_not_counted_as_a_country()
    {
        var rows = Enumerable.Range(0, 12).Select(i => Country($"B{(char)('A' + i)}", 100 + i, 1m)).ToArray();
        var total = new MetricsGroup("USD", null, null, new MetricTotals { Rows = 12, Streams = 5, Listeners = 1, SpendMedia = 1m });
        var table = RenderWithPopovers<CountryTable>(p => p.Add(c => c.Rows, () => rows).Add(c => c.Total, total).Add(c => c.Currency, "USD"));

        Assert.Equal(11, table.FindAll("tbody tr").Count);
        Assert.Equal("1–10 of 12", table.Find(".table-pager span").TextContent);
        Assert.Equal("All (12)", Codes(table)[^1]);

        table.Find("button[aria-label='Next page']").Click();
        Assert.Equal(["BK", "BL", "All (12)"], Codes(table));

        Header(table, "Streams").Click();
        Assert.Equal(["BL", "BK", "BJ", "BI", "BH", "BG", "BF", "BE", "BD", "BC", "All (12)"], Codes(table));

        table.Find(".country-search input").Input("zz");
        Assert.Empty(table.FindAll("tr.totals-row"));
        Assert.Contains("No country code contains “zz”.", table.Markup);
    }
}
