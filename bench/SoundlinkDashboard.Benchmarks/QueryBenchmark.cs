using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Benchmarks;

/// <summary>
/// The dashboard's queries on the imported store: KPI totals with the previous period, by country and by day,
/// for (a) 5 campaigns x 90 days and (b) all campaigns x 365 days; p50 and p95 over 20 runs each.
/// </summary>
internal static class QueryBenchmark
{
    private const int Runs = 20;

    /// <param name="label">Appended to each figure's name (e.g. "_10m" for the bigger store).</param>
    public static async Task<List<string>> RunAsync(IServiceProvider services, string label)
    {
        var metrics = services.GetRequiredService<MetricsService>();
        var (teamId, campaignIds, last) = await ShapeAsync(services.GetRequiredService<SqliteStore>());
        var figures = new List<string>();
        var windows = new (string Name, MetricsFilter Filter)[]
        {
            ("5x90", new MetricsFilter { TeamId = teamId, From = last.AddDays(-89), To = last, CampaignIds = campaignIds.Take(5).ToList() }),
            ("allx365", new MetricsFilter { TeamId = teamId, From = last.AddDays(-364), To = last }),
        };
        foreach (var (name, filter) in windows)
        {
            figures.Add(await MeasureAsync($"query_kpi_prev_{name}{label}", () => metrics.CompareWithPreviousAsync(filter)));
            figures.Add(await MeasureAsync($"query_by_country_{name}{label}", () => metrics.QueryAsync(filter, MetricsGrouping.Country)));
            figures.Add(await MeasureAsync($"query_by_day_{name}{label}", () => metrics.QueryAsync(filter, MetricsGrouping.Day)));
        }
        return figures;
    }

    private static async Task<string> MeasureAsync(string name, Func<Task> query)
    {
        await query();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await query();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var p50 = times[(int)Math.Ceiling(0.50 * Runs) - 1];
        var p95 = times[(int)Math.Ceiling(0.95 * Runs) - 1];
        return string.Create(CultureInfo.InvariantCulture, $"{name}_ms: p50 {p50:F1} p95 {p95:F1}");
    }

    private static async Task<(int TeamId, List<string> CampaignIds, DateOnly Last)> ShapeAsync(SqliteStore store)
    {
        await using var connection = new SqliteConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT TeamId, CampaignId, LastReportDate FROM Campaigns ORDER BY Id";
        var ids = new List<string>();
        var teamId = 0;
        var last = DateOnly.MinValue;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            teamId = reader.GetInt32(0);
            ids.Add(reader.GetString(1));
            var date = DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            last = date > last ? date : last;
        }
        return (teamId, ids, last);
    }
}
