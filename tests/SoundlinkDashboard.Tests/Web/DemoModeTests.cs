using System.Net;
using Microsoft.Data.Sqlite;
using SoundlinkDashboard.Demo;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>The run command's first start: a demo team filled through the real sync path from the built-in simulator.</summary>
public sealed class DemoModeTests(DemoModeTests.App app) : IClassFixture<DemoModeTests.App>
{
    public sealed class App : AppFactory
    {
        protected override string? DemoEnabled => null;
    }

    private async Task<(long Rows, long Succeeded)> DemoDataAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey JOIN Teams t ON t.Id = c.TeamId WHERE t.Slug = 'demo'),
                   (SELECT COUNT(*) FROM SyncRuns WHERE Outcome = 1)
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task Development_starts_with_a_demo_user_shown_on_the_sign_in_page_and_a_synced_demo_team()
    {
        var demo = new DemoOptions();
        using var browser = app.NewBrowser();

        var login = await browser.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains(demo.Email, login.Html);
        Assert.Contains(demo.Password, login.Html);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var data = await DemoDataAsync();
        while (data.Succeeded < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            data = await DemoDataAsync();
        }
        Assert.Equal(6, data.Succeeded);
        Assert.True(data.Rows > 1000, $"only {data.Rows} demo rows");
        await browser.SignInAsync(demo.Email, demo.Password);
        var dashboard = await browser.GetAsync("/t/demo");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Contains("Demo Records", dashboard.Html);
        Assert.Contains("kpi-value", dashboard.Html);
    }
}

/// <summary>Outside Development the demo stays off unless configured on.</summary>
public sealed class ProductionDemoTests(ProductionDemoTests.App app) : IClassFixture<ProductionDemoTests.App>
{
    public sealed class App : AppFactory
    {
        protected override string? DemoEnabled => null;

        protected override string? Environment => "Production";
    }

    [Fact]
    public async Task Production_has_no_demo_user_and_asks_for_the_first_admin()
    {
        using var browser = app.NewBrowser();

        var page = await browser.GetAsync("/Account/Login");

        Assert.DoesNotContain(new DemoOptions().Password, page.Html);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/setup")).Status);
    }
}
