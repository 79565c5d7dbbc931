using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>
/// The whole app on real loopback HTTP (Kestrel on a free port), with a SQLite file and a Data Protection key
/// folder of its own, and every log message captured. Subclasses seed users and teams through the app's own
/// services and may change settings.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct horse battery";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sd-web-tests", Guid.NewGuid().ToString("N"));

    public CapturingLoggerProvider Logs { get; } = new();

    public string DatabasePath => Path.Combine(_dir, "app.db");

    public string KeysPath => Path.Combine(_dir, "keys");

    /// <summary>The login rate limit; null keeps the app's default. High by default so sign-ins of many tests fit.</summary>
    protected virtual int? LoginPerMinute => 1000;

    /// <summary>Requests per minute and client address under /s/ (share links); high by default.</summary>
    protected virtual int SharePerMinute => 10_000;

    /// <summary>Demo mode ("true"/"false"); null leaves it to the environment's default. Off by default here.</summary>
    protected virtual string? DemoEnabled => "false";

    /// <summary>The hosting environment; null keeps WebApplicationFactory's Development.</summary>
    protected virtual string? Environment => null;

    /// <summary>The app's clock; null keeps the system clock.</summary>
    protected virtual TimeProvider? Time => null;

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri ServerAddress { get; private set; } = default!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabasePath}");
        builder.UseSetting("DataProtection:KeysPath", KeysPath);
        // No background syncs and no calls to the real Soundlink API from a test host.
        builder.UseSetting("Sync:SchedulerEnabled", "false");
        builder.UseSetting("Sync:DefaultBaseUrl", "http://127.0.0.1:9");
        if (DemoEnabled is { } demo)
        {
            builder.UseSetting("Demo:Enabled", demo);
        }
        if (Environment is { } environment)
        {
            builder.UseEnvironment(environment);
        }
        if (LoginPerMinute is { } perMinute)
        {
            builder.UseSetting("RateLimits:LoginPerMinute", perMinute.ToString(CultureInfo.InvariantCulture));
        }
        builder.UseSetting("RateLimits:SharePerMinute", SharePerMinute.ToString(CultureInfo.InvariantCulture));
        if (Time is { } time)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            // A rule for this provider alone wins over the app's category levels: it sees everything.
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        });
    }

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        UseKestrel(0);
        StartServer();
        ServerAddress = CreateClient().BaseAddress!;
        await SeedAsync();
    }

    /// <summary>Users, teams and keys the tests of a class share.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A browser of its own: own cookies, redirects not followed.</summary>
    public Browser NewBrowser() => new(this);

    public async Task<AppUser> CreateUserAsync(string email, bool siteAdmin = false, string password = Password) =>
        await Services.GetRequiredService<AccountService>().CreateUserAsync(email, password, siteAdmin);

    public async Task<Team> CreateTeamAsync(string slug, string name) =>
        await Services.GetRequiredService<TeamService>().CreateAsync(slug, name);

    public async Task AddToTeamAsync(AppUser user, Team team, TeamRole role) =>
        await Services.GetRequiredService<AccountService>().AddToTeamAsync(user, team, role);

    public async Task<KeySummary> AddKeyAsync(AppUser owner, Team team, string name, string secret) =>
        await Services.GetRequiredService<KeyVault>().AddAsync(PrincipalOf(owner), team.Slug, new KeyInput(name, secret));

    /// <summary>The user as the app's services see a signed-in caller.</summary>
    public static ClaimsPrincipal PrincipalOf(AppUser user) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id),
        new Claim(ClaimTypes.Name, user.Email!),
    ], "Test"));

    public async Task<IReadOnlyList<AuditEvent>> AuditEventsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    public string AllLogText() => string.Join("\n", Logs.Entries.Select(e => $"{e.Category} {e.Message} {e.Exception}"));
}
