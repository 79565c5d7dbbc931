using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoundlinkDashboard.Benchmarks;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

// Ingest benchmark: our import (file -> store) against a plain System.Text.Json + prepared-upsert baseline
// writing the same table, on the same generated file, in one run. Then the dashboard's queries on that store,
// and on a bigger store seeded by streaming generated rows through the same MetricRowWriter (no file).
var rows = 50 * 60 * 365;
var queryRows = 10_000_000;
if (args is ["--sync-memory", var extra] && int.TryParse(extra, CultureInfo.InvariantCulture, out var extraLines) && extraLines > 0)
{
    var syncWork = Directory.CreateTempSubdirectory("sd-sync-bench-").FullName;
    try
    {
        return await SyncMemoryBenchmark.RunAsync(extraLines, syncWork);
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(syncWork, recursive: true);
    }
}
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--rows" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0)
    {
        rows = n;
    }
    else if (args[i] == "--query-rows" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var q) && q >= 0)
    {
        queryRows = q;
    }
    else
    {
        Console.Error.WriteLine("""
            usage: SoundlinkDashboard.Benchmarks [--rows N] [--query-rows M]
                   SoundlinkDashboard.Benchmarks --sync-memory N   (one sync whose first slice carries N extra lines)
              --rows N        rows of the ingest file (default 1095000 = 50 campaigns x 60 countries x 365 days)
              --query-rows M  rows of the second query store, seeded through the writer (default 10000000,
                              i.e. 457 campaigns x 60 countries x 365 days, the last campaign partial; 0 skips it)
            """);
        return 2;
    }
}

var work = Path.Combine(Path.GetTempPath(), $"sd-bench-{Environment.ProcessId}");
Directory.CreateDirectory(work);
try
{
    var file = Path.Combine(work, "export.jsonl");
    var generated = ExportGenerator.Write(file, rows);
    Console.Error.WriteLine($"generated {generated:N0} rows ({new FileInfo(file).Length / 1048576.0:N1} MiB)");

    // Warm up both paths (JIT) on a small file so the timed runs compare steady-state code.
    var warmFile = Path.Combine(work, "warm.jsonl");
    ExportGenerator.Write(warmFile, Math.Min(rows, 20_000));
    await OursAsync(Path.Combine(work, "warm-ours.db"), warmFile);
    await Baseline.RunAsync(await NewStoreAsync(Path.Combine(work, "warm-base.db")), warmFile);

    var oursDb = Path.Combine(work, "ours.db");
    var ours = await OursAsync(oursDb, file);
    var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576;
    var bytesPerRow = await BytesPerRowAsync(oursDb, ours.Rows);
    var queryFigures = await QueryBenchmark.RunAsync(await NewStoreAsync(oursDb), "");

    var baseStore = await NewStoreAsync(Path.Combine(work, "baseline.db"));
    var baseline = await Baseline.RunAsync(baseStore, file);

    var oursRate = ours.Rows / ours.Seconds;
    var baseRate = baseline.Rows / baseline.Seconds;
    Console.Error.WriteLine($"ours: {ours.Rows:N0} rows in {ours.Seconds:N1} s; baseline: {baseline.Rows:N0} rows in {baseline.Seconds:N1} s");
    Console.WriteLine($"ingest_rows_per_s: {oursRate:F0}");
    Console.WriteLine($"baseline_rows_per_s: {baseRate:F0}");
    Console.WriteLine($"ratio: {oursRate / baseRate:F2}");
    Console.WriteLine($"peak_mb: {peakMb}");
    Console.WriteLine($"bytes_per_row: {bytesPerRow}");
    foreach (var line in queryFigures)
    {
        Console.WriteLine(line);
    }

    if (queryRows > 0)
    {
        var bigDb = Path.Combine(work, "big.db");
        var seeded = await SeedThroughWriterAsync(bigDb, queryRows);
        var label = queryRows % 1_000_000 == 0 ? $"_{queryRows / 1_000_000}m" : $"_{queryRows}";
        Console.WriteLine($"seed_rows{label}: {seeded.Rows}");
        Console.WriteLine($"seed_rows_per_s{label}: {seeded.Rows / seeded.Seconds:F0}");
        Console.WriteLine($"bytes_per_row{label}: {await BytesPerRowAsync(bigDb, seeded.Rows)}");
        foreach (var line in await QueryBenchmark.RunAsync(await NewStoreAsync(bigDb), label))
        {
            Console.WriteLine(line);
        }
    }
    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}

static async Task<(long Rows, double Seconds)> OursAsync(string dbPath, string file)
{
    var services = await NewStoreAsync(dbPath);
    var team = await services.GetRequiredService<TeamService>().CreateAsync("bench", null);
    var stopwatch = Stopwatch.StartNew();
    await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    var result = await services.GetRequiredService<JsonlImporter>().ImportAsync(team.Id, input, "export.jsonl");
    stopwatch.Stop();
    if (result.RejectedCount > 0)
    {
        throw new InvalidOperationException($"{result.RejectedCount} generated rows were rejected");
    }
    return (result.Counts.Inserted, stopwatch.Elapsed.TotalSeconds);
}

// The bigger query store: generated rows straight into MetricRowWriter, one transaction per million rows or so.
static async Task<(long Rows, double Seconds)> SeedThroughWriterAsync(string dbPath, long rows)
{
    var services = await NewStoreAsync(dbPath);
    var team = await services.GetRequiredService<TeamService>().CreateAsync("bench", null);
    var store = services.GetRequiredService<SqliteStore>();
    var stopwatch = Stopwatch.StartNew();
    await using var connection = await store.OpenAsync();
    using (var cache = connection.CreateCommand())
    {
        cache.CommandText = "PRAGMA cache_size = -32000";
        cache.ExecuteNonQuery();
    }
    long written = 0;
    using var generated = ExportGenerator.Generate(rows).GetEnumerator();
    var more = generated.MoveNext();
    while (more)
    {
        await using var transaction = connection.BeginTransaction();
        using (var writer = new MetricRowWriter(connection, transaction, team.Id))
        {
            for (var i = 0; i < 1_000_000 && more; i++, more = generated.MoveNext())
            {
                if (writer.Write(generated.Current) is { } refused)
                {
                    throw new InvalidOperationException(refused);
                }
            }
            written += writer.Complete().Inserted;
        }
        await transaction.CommitAsync();
        Console.Error.WriteLine($"seeded {written:N0} rows in {stopwatch.Elapsed.TotalSeconds:N0} s");
    }
    return (written, stopwatch.Elapsed.TotalSeconds);
}

static async Task<IServiceProvider> NewStoreAsync(string dbPath)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Configuration["ConnectionStrings:Default"] = $"Data Source={dbPath}";
    builder.AddStore();
    var services = builder.Build().Services;
    await services.GetRequiredService<StoreMigrator>().MigrateAsync();
    return services;
}

static async Task<long> BytesPerRowAsync(string dbPath, long rows)
{
    await using (var connection = new SqliteConnection($"Data Source={dbPath}"))
    {
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
    }
    SqliteConnection.ClearAllPools();
    var bytes = new FileInfo(dbPath).Length + (File.Exists(dbPath + "-wal") ? new FileInfo(dbPath + "-wal").Length : 0);
    return rows == 0 ? 0 : bytes / rows;
}
