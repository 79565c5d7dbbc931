using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Soundlink.Simulator;

namespace SoundlinkDashboard.EndToEnd.Support;

/// <summary>
/// Everything one scenario runs against, inside the test process: the Soundlink simulator and the dashboard on
/// loopback, and Debian's Chromium driven by Playwright. Disposing it stops all three and deletes the temp folder.
/// </summary>
public sealed class World : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

    private readonly string _dir;

    private World(string dir, FakeTimeProvider simulatorClock, SimulatorServer simulator, AppHost app, IPlaywright playwright, IBrowser browser)
    {
        _dir = dir;
        SimulatorClock = simulatorClock;
        Simulator = simulator;
        App = app;
        Playwright = playwright;
        Browser = browser;
    }

    /// <summary>
    /// The simulator's clock, stopped at the start of the run. Soundlink revises the last days as time passes; with a
    /// stopped clock every export of the run serves the same rows, so the test knows exactly what the app stored.
    /// </summary>
    public FakeTimeProvider SimulatorClock { get; }

    public SimulatorServer Simulator { get; }
    public AppHost App { get; }
    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }

    /// <summary>The demo organisation: one key with both scopes and six campaigns.</summary>
    public static SimulatorOptions SimulatorOptions { get; } = Soundlink.Simulator.SimulatorOptions.Demo();

    public static string Organization => SimulatorOptions.Organizations[0].Id;
    public static string KeySecret => SimulatorOptions.Organizations[0].Keys[0].Secret;

    public DateOnly SimulatorToday => DateOnly.FromDateTime(SimulatorClock.GetUtcNow().UtcDateTime);

    public static async Task<World> StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ChromiumPath}, which is missing: run `bash tests/run.sh` (it installs it) or `apt-get install chromium`.");
        }
        var dir = Path.Combine(Path.GetTempPath(), "sd-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        SimulatorServer? simulator = null;
        AppHost? app = null;
        IPlaywright? playwright = null;
        try
        {
            simulator = await SimulatorServer.StartAsync(SimulatorOptions, clock);
            app = new AppHost(Path.Combine(dir, "app"), simulator.BaseUrl.ToString());
            playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
            return new World(dir, clock, simulator, app, playwright, browser);
        }
        catch
        {
            playwright?.Dispose();
            app?.Dispose();
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }
            DeleteQuietly(dir);
            throw;
        }
    }

    /// <summary>A browser profile of its own (cookies, storage), opening app addresses relative to the app.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 960 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        await context.AddInitScriptAsync(BlazorCircuit.ProbeScript);
        return context;
    }

    /// <summary>Exactly the rows the simulator serves for these campaigns and dates (inclusive) at its stopped clock.</summary>
    public IReadOnlyList<SimulatedRow> Rows(IEnumerable<SimulatedCampaign> campaigns, DateOnly from, DateOnly to) =>
        campaigns.SelectMany(c => Simulator.Simulator.Rows.Rows(c, from, to, SimulatorClock.GetUtcNow())).ToList();

    public IReadOnlyList<SimulatedCampaign> Campaigns => Simulator.Simulator.Catalogue.CampaignsOf(Organization);

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        Playwright.Dispose();
        App.Dispose();
        await Simulator.DisposeAsync();
        DeleteQuietly(_dir);
    }

    private static void DeleteQuietly(string dir)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
                return;
            }
            catch (IOException)
            {
                // A SQLite file still closing: try again shortly.
                Thread.Sleep(200);
            }
        }
    }
}
