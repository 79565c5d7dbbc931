using Microsoft.Extensions.Logging.Console;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Cli;

/// <summary>
/// What every command shares: the (terminal-safe) output writers, standard input and the store. The host is built, and
/// pending migrations applied, only when a command first asks for the store, so <c>health</c> never opens it.
/// </summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, Stream? stdin, Action<IHostApplicationBuilder>? configure)
    : IDisposable
{
    private IHost? _host;

    public TextWriter Out => stdout;

    public TextWriter Error => stderr;

    /// <summary>The migrations the store applied when it was opened.</summary>
    public IReadOnlyList<string> Migrated { get; private set; } = [];

    public Stream OpenStandardInput() => stdin ?? Console.OpenStandardInput();

    /// <summary>The app's services over the store, after applying pending migrations.</summary>
    public async Task<IServiceProvider> StoreAsync()
    {
        if (_host is null)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = [],
                ContentRootPath = Directory.GetCurrentDirectory(),
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            configure?.Invoke(builder);
            builder.AddStore();
            builder.AddAccounts();
            builder.AddSync();
            _host = builder.Build();
            Migrated = await _host.Services.GetRequiredService<StoreMigrator>().MigrateAsync();
        }
        return _host.Services;
    }

    public async Task<TeamContext> OperatorTeamAsync(string slug)
    {
        var services = await StoreAsync();
        try
        {
            return await services.GetRequiredService<TeamAccess>().OperatorContextAsync(slug);
        }
        catch (NotFoundException)
        {
            throw NoTeam(slug);
        }
    }

    public async Task<Team> RequireTeamAsync(string slug) =>
        await (await StoreAsync()).GetRequiredService<TeamService>().FindAsync(slug) ?? throw NoTeam(slug);

    private static CliFailure NoTeam(string slug) =>
        new($"no team \"{slug}\"; create it with: teams add {TeamService.NormalizeSlug(slug)}", 2);

    public void Dispose() => _host?.Dispose();
}
