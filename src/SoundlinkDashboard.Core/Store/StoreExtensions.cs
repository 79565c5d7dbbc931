using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Store;

public static class StoreExtensions
{
    /// <summary>The SQLite store (ConnectionStrings:Default, relative paths against the content root) and what reads and writes it.</summary>
    public static IHostApplicationBuilder AddStore(this IHostApplicationBuilder builder)
    {
        var connectionString = SqliteStore.ResolveConnectionString(
            builder.Configuration.GetConnectionString("Default"), builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(new SqliteStore(connectionString));
        builder.Services.AddDbContextFactory<AppDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmaInterceptor())
            // Rejected lines and sync runs are read through their team-filtered parents or by id on purpose.
            .ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StoreMigrator>();
        builder.Services.AddSingleton<RollupAudit>();
        builder.Services.AddSingleton<TeamService>();
        builder.Services.AddSingleton<JsonlImporter>();
        builder.Services.AddSingleton<MetricsService>();
        builder.Services.AddSingleton<DashboardQueries>();
        return builder;
    }
}
