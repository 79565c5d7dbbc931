using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Components.Layout;

namespace SoundlinkDashboard.Tests.Web;

public sealed class ShellTests : IClassFixture<ShellTests.App>
{
    private readonly App _app;

    public ShellTests(App app) => _app = app;

    [Fact]
    public async Task A_first_visit_to_a_new_instance_is_led_to_setup()
    {
        var response = await _app.CreateClient().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("/setup", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Soundlink Dashboard", html);
        Assert.Contains("Create the first account", html);
        Assert.DoesNotContain("fonts.googleapis.com", html);
    }

    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/js/theme.js", "text/javascript")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    public async Task The_root_wwwroot_and_library_assets_are_served(string path, string contentType)
    {
        var response = await _app.CreateClient().GetAsync(path);

        response.EnsureSuccessStatusCode();
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_address_answers_404()
    {
        var response = await _app.CreateClient().GetAsync("/no/such/page");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_shared_theme_style_sheet_is_mudblazors_for_each_mode()
    {
        var (light, dark) = await _app.Services.GetRequiredService<ThemeCss>().GetAsync();

        Assert.Contains("<style class='mud-theme-provider'>", light.Replace('"', '\''));
        Assert.Contains($"--mud-palette-primary: {AppTheme.Theme.PaletteLight.Primary}", light);
        Assert.Contains($"--mud-palette-primary: {AppTheme.Theme.PaletteDark.Primary}", dark);
        Assert.DoesNotContain($"--mud-palette-primary: {AppTheme.Theme.PaletteDark.Primary}", light);
        Assert.Same(light, (await _app.Services.GetRequiredService<ThemeCss>().GetAsync()).Light);
    }

    public sealed class App : WebApplicationFactory<Program>
    {
        private readonly string _db = Path.Combine(Path.GetTempPath(), "sd-web-tests", $"{Guid.NewGuid():N}.db");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={_db}");
            builder.UseSetting("DataProtection:KeysPath", _db + "-keys");
            // A new instance without demo mode: the first visit must lead to setup.
            builder.UseSetting("Demo:Enabled", "false");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            SqliteConnection.ClearAllPools();
            File.Delete(_db);
            if (Directory.Exists(_db + "-keys"))
            {
                Directory.Delete(_db + "-keys", recursive: true);
            }
        }
    }
}
