using Bunit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Components.Pages.Dashboard.Map;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Tests.Components;

public sealed class CountryMapTests : MudComponentTest
{
    public CountryMapTests() => AddWorldMap(Services);

    /// <summary>The map's data as the app reads it, from the repository's wwwroot (the build copies it into wwwroot/lib).</summary>
    internal static void AddWorldMap(IServiceCollection services)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "SoundlinkDashboard.sln")))
        {
            directory = directory.Parent;
        }
        services.AddSingleton<IWebHostEnvironment>(new Environment(Path.Combine(directory.FullName, "wwwroot")));
        services.AddSingleton<WorldMapData>();
    }

    private static MetricsGroup Country(string code, long streams) =>
        new("USD", code, null, new MetricTotals { Rows = 1, Streams = streams, Listeners = 1, SpendMedia = 1m });

    [Fact]
    public void Fills_follow_the_quantile_scale_and_countries_without_data_are_grey()
    {
        var groups = new[] { Country("US", 100_000), Country("DE", 50), Country("FR", 60), Country("BR", 70), Country("NG", 80) };

        var map = RenderWithPopovers<CountryMap>(p => p.Add(c => c.Groups, () => groups).Add(c => c.MetricKey, "streams"));

        string Fill(string code) => map.Find($"use[data-code='{code}']").GetAttribute("fill")!;
        Assert.Equal("#14663f", Fill("US"));
        Assert.Equal("#d8f0e3", Fill("DE"));
        Assert.NotEqual(Fill("DE"), Fill("NG"));
        Assert.Equal("#map-shape-US", map.Find("use[data-code='US']").GetAttribute("href"));
        Assert.Contains("United States of America: 100,000", map.Find("use[data-code='US'] > title").TextContent);
        // A country without data is only the shared "no data" drawing: named on hover, nothing to press.
        Assert.Empty(map.FindAll("[data-code='CN']"));
        Assert.NotNull(map.Find("#map-shape-CN"));
        Assert.Contains(map.FindAll(".no-data use"), u => u.GetAttribute("href") == "#map-shape-CN" && u.TextContent == "People's Republic of China: —");
        Assert.Equal(5, map.FindAll(".legend-row").Count - 1);
    }

    [Fact]
    public async Task A_click_or_enter_toggles_the_country_and_unmapped_countries_are_listed()
    {
        var toggled = new List<string>();
        var map = RenderWithPopovers<CountryMap>(p => p.Add(c => c.Groups, () => [Country("US", 10), Country("XK", 5)])
            .Add(c => c.Selected, ["US"]).Add(c => c.OnToggle, code => toggled.Add(code)));

        // The SVG gets the events with the code of the shape under them (wwwroot/js/events.js); only shapes drawn as
        // pressable count, and of the keys only Enter and Space.
        Task Send(string name, string? code, string? key = null) =>
            map.Find("svg.world").TriggerEventAsync(name, new CountryEventArgs { Code = code, Key = key });
        await Send("oncountryclick", "US");
        await Send("oncountrykey", "US", "Enter");
        await Send("oncountrykey", "US", "Tab");
        await Send("oncountryclick", null);
        await Send("oncountryclick", "CN");
        await Send("oncountrykey", "US", " ");

        Assert.Equal(["US", "US", "US"], toggled);
        Assert.Equal("true", map.Find("use[data-code='US']").GetAttribute("aria-pressed"));
        Assert.Equal("selected", map.Find("use[data-code='US']").GetAttribute("class"));
        Assert.Contains("Kosovo (XK)", map.Find(".unmapped").TextContent);
        Assert.Empty(map.FindAll("#map-shape-AQ"));
    }

    private sealed class Environment(string webRoot) : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = webRoot;
        public IFileProvider WebRootFileProvider { get; set; } = new PhysicalFileProvider(webRoot);
        public string ApplicationName { get; set; } = "SoundlinkDashboard";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = webRoot;
        public string EnvironmentName { get; set; } = "Test";
    }
}
