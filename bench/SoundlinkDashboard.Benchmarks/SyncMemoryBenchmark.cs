using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Soundlink.Simulator;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Benchmarks;

/// <summary>
/// The sync's memory against an export far larger than any real one: the simulator (on loopback) streams its real rows
/// plus N copies of the first one in the first slice, and the process's resident memory is sampled while the run
/// stages, reads and commits it. The export caps are raised for the run so the whole body is read.
/// </summary>
public static class SyncMemoryBenchmark
{
    private const string Org = "a7ac3173-2f71-4e79-921f-d15d7112dd11";
    private const string Secret = "sk_bench_0123456789abcdef";

    public static async Task<int> RunAsync(int extraLines, string work)
    {
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Seed = 5,
            Organizations = [new SimulatedOrganization { Id = Org, Campaigns = 1, Keys = [new SimulatedKey { Secret = Secret }] }],
        });
        // Development: the simulator is plain http on loopback, which the key allow-list accepts only there.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration["ConnectionStrings:Default"] = $"Data Source={Path.Combine(work, "sync.db")}";
        builder.Configuration["DataProtection:KeysPath"] = Path.Combine(work, "keys");
        builder.Configuration["Sync:SchedulerEnabled"] = "false";
        builder.Configuration["Sync:StagingPath"] = work;
        builder.Configuration["Soundlink:Client:ExportMaxLines"] = (extraLines + 1_000_000L).ToString(CultureInfo.InvariantCulture);
        builder.Configuration["Soundlink:Client:ExportMaxBytes"] = (16L << 30).ToString(CultureInfo.InvariantCulture);
        builder.Configuration["Soundlink:Client:ExportTotalTimeout"] = "01:00:00";
        builder.Configuration["Soundlink:AllowedBaseUrls:0"] = simulator.BaseUrl.ToString();
        builder.AddStore();
        builder.AddAccounts();
        builder.AddSync();
        using var host = builder.Build();
        var services = host.Services;
        await services.GetRequiredService<StoreMigrator>().MigrateAsync();
        await services.GetRequiredService<TeamService>().CreateAsync("bench", "Bench");
        var team = await services.GetRequiredService<TeamAccess>().OperatorContextAsync("bench");
        var key = await services.GetRequiredService<KeyVault>().AddAsync(team, new KeyInput("bench", Secret, KeyHeaderStyle.XApiKey, simulator.BaseUrl.ToString()), null);
        var campaigns = services.GetRequiredService<CampaignService>();
        var campaignId = simulator.Simulator.Catalogue.CampaignsOf(Org).Single().Id;
        await campaigns.RegisterAsync(team, key.Id, [campaignId]);
        var campaignKey = (await campaigns.ListAsync(team)).Single().Key;
        simulator.State.Inject(new Fault(FaultKind.Oversized, Value: extraLines, PathContains: "/export"));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = ResidentMb();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentMb());
                await Task.Delay(50, CancellationToken.None);
            }
        });
        var stopwatch = Stopwatch.StartNew();
        var result = await campaigns.SyncAsync(team, campaignKey, SyncTrigger.Cli);
        stopwatch.Stop();
        await sampling.CancelAsync();
        await sampler;
        var after = ResidentMb();

        Console.Error.WriteLine($"sync {result.Outcome}: {result.RowsRead:N0} lines read, {result.Inserted:N0} inserted, {result.Unchanged:N0} unchanged in {stopwatch.Elapsed.TotalSeconds:N1} s");
        Console.WriteLine($"sync_lines: {result.RowsRead}");
        Console.WriteLine($"sync_seconds: {stopwatch.Elapsed.TotalSeconds:F1}");
        Console.WriteLine($"rss_before_mb: {before:F0}");
        Console.WriteLine($"rss_peak_mb: {peak:F0}");
        Console.WriteLine($"rss_after_mb: {after:F0}");
        Console.WriteLine($"rss_growth_mb: {peak - before:F0}");
        return result.Outcome == SyncOutcome.Succeeded ? 0 : 1;
    }

    private static double ResidentMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576.0;
    }
}
