using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SoundlinkDashboard.Cli;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Operations;

namespace SoundlinkDashboard.Tests.Web;

public sealed class HealthTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Healthz_answers_anyone_healthy_when_the_database_is_migrated()
    {
        using var browser = app.NewBrowser();

        var response = await browser.Http.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("store", json.RootElement.GetProperty("checks")[0].GetProperty("name").GetString());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_health_command_exits_0_for_a_healthy_app_and_1_when_nothing_answers()
    {
        var healthy = await CliApp.RunAsync(["health", "--url", new Uri(app.ServerAddress, "healthz").ToString()], new StringWriter(), new StringWriter());
        var error = new StringWriter();
        var closed = await CliApp.RunAsync(["health", "--url", "http://127.0.0.1:9/healthz"], new StringWriter(), error);

        Assert.Equal(0, healthy);
        Assert.Equal(1, closed);
        Assert.StartsWith("error: ", error.ToString());
    }

    [Fact]
    public async Task A_database_without_its_migrations_is_unhealthy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sd-health-{Guid.NewGuid():N}.db");
        try
        {
            // An existing SQLite file that no migration has touched.
            await using (var empty = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await empty.OpenAsync();
            }
            var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
            var check = new StoreHealthCheck(new OneContextFactory(options));

            var result = await check.CheckHealthAsync(new HealthCheckContext());

            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.Contains("migration(s) are not applied", result.Description);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class OneContextFactory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(options);
    }
}
