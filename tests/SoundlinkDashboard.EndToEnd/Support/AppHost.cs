using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace SoundlinkDashboard.EndToEnd.Support;

/// <summary>
/// The dashboard on real loopback HTTP (Kestrel on a free port) with a SQLite file and a Data Protection key ring in
/// a temp folder of its own. Nothing is seeded: the browser sets the instance up as a person would.
/// </summary>
public sealed class AppHost : WebApplicationFactory<Program>
{
    private readonly string _dir;
    private readonly string? _allowedBaseUrl;

    /// <param name="allowedBaseUrl">The simulator's address, put on the key base URL allow-list.</param>
    public AppHost(string dir, string? allowedBaseUrl = null)
    {
        _dir = dir;
        _allowedBaseUrl = allowedBaseUrl;
        Directory.CreateDirectory(_dir);
        UseKestrel(0);
        StartServer();
        using var client = CreateClient();
        ServerAddress = client.BaseAddress!;
    }

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri ServerAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(_dir, "app.db")}");
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(_dir, "keys"));
        builder.UseSetting("Demo:Enabled", "false");
        // Syncs run only when the test presses "Sync now"; keys without a base URL of their own go nowhere.
        builder.UseSetting("Sync:SchedulerEnabled", "false");
        builder.UseSetting("Sync:DefaultBaseUrl", "http://127.0.0.1:9");
        if (_allowedBaseUrl is not null)
        {
            builder.UseSetting("Soundlink:AllowedBaseUrls:0", _allowedBaseUrl);
        }
        builder.UseSetting("RateLimits:LoginPerMinute", 1000.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:SharePerMinute", 10_000.ToString(CultureInfo.InvariantCulture));
        // Warnings and errors only: the test output stays readable and still shows what went wrong.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
