using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Benchmarks;

/// <summary>
/// The comparison point: each line parsed with System.Text.Json into a POCO and written with a plain
/// prepared Microsoft.Data.Sqlite upsert into the same table, in one transaction. No validation, no tricks.
/// </summary>
internal static class Baseline
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    public static async Task<(long Rows, double Seconds)> RunAsync(IServiceProvider services, string file)
    {
        var team = await services.GetRequiredService<TeamService>().CreateAsync("baseline", null);
        var stopwatch = Stopwatch.StartNew();
        await using var connection = new SqliteConnection(services.GetRequiredService<SqliteStore>().ConnectionString);
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        var campaigns = new Dictionary<string, long>();
        await using var insertCampaign = connection.CreateCommand();
        insertCampaign.Transaction = transaction;
        insertCampaign.CommandText = "INSERT INTO Campaigns (TeamId, Provider, AccountId, CampaignId, Name) VALUES ($t, $p, $a, $c, $n) RETURNING Id";
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO MetricRows (CampaignKey, Day, Country, ExportedAt, Impressions, AdClicks, LinkClicks,
                Streams, Listeners, Followers, SpendMedia, SpendTotal, Fees, Currency, CurrencyAccount, ResultType)
            VALUES ($k, $d, $c, $e, $imp, $ac, $lc, $s, $l, $f, $sm, $st, $fe, $cur, $cura, $rt)
            ON CONFLICT (CampaignKey, Day, Country) DO UPDATE SET
                ExportedAt = excluded.ExportedAt, Impressions = excluded.Impressions, AdClicks = excluded.AdClicks,
                LinkClicks = excluded.LinkClicks, Streams = excluded.Streams, Listeners = excluded.Listeners,
                Followers = excluded.Followers, SpendMedia = excluded.SpendMedia, SpendTotal = excluded.SpendTotal,
                Fees = excluded.Fees, Currency = excluded.Currency, CurrencyAccount = excluded.CurrencyAccount,
                ResultType = excluded.ResultType
            WHERE excluded.ExportedAt > MetricRows.ExportedAt
            """;
        string[] names = ["$k", "$d", "$c", "$e", "$imp", "$ac", "$lc", "$s", "$l", "$f", "$sm", "$st", "$fe", "$cur", "$cura", "$rt"];
        var p = names.Select(n => upsert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        upsert.Prepare();

        long rows = 0;
        using var reader = new StreamReader(file);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var row = JsonSerializer.Deserialize<Row>(line, Options)!;
            if (!campaigns.TryGetValue(row.CampaignId, out var key))
            {
                insertCampaign.Parameters.Clear();
                insertCampaign.Parameters.AddWithValue("$t", team.Id);
                insertCampaign.Parameters.AddWithValue("$p", row.Provider);
                insertCampaign.Parameters.AddWithValue("$a", row.AccountId);
                insertCampaign.Parameters.AddWithValue("$c", row.CampaignId);
                insertCampaign.Parameters.AddWithValue("$n", row.CampaignName);
                campaigns[row.CampaignId] = key = (long)(await insertCampaign.ExecuteScalarAsync())!;
            }
            p[0].Value = key;
            p[1].Value = row.ReportDate.DayNumber - Epoch.DayNumber;
            p[2].Value = row.CountryCode;
            p[3].Value = StoreEncoding.ToExportedAt(row.ExportedAt);
            p[4].Value = (object?)row.Impressions ?? DBNull.Value;
            p[5].Value = (object?)row.AdClicks ?? DBNull.Value;
            p[6].Value = (object?)row.LinkClicks ?? DBNull.Value;
            p[7].Value = row.Streams;
            p[8].Value = row.Listeners;
            p[9].Value = row.Followers;
            p[10].Value = (long)(row.SpendMedia * 1_000_000m);
            p[11].Value = (long)(row.SpendTotal * 1_000_000m);
            p[12].Value = (long)(row.Fees * 1_000_000m);
            p[13].Value = row.Currency;
            p[14].Value = row.CurrencyAccount == row.Currency ? DBNull.Value : row.CurrencyAccount;
            p[15].Value = row.ResultType == "follow" ? 3 : DBNull.Value;
            upsert.ExecuteNonQuery();
            rows++;
        }
        await transaction.CommitAsync();
        return (rows, stopwatch.Elapsed.TotalSeconds);
    }

    private sealed class Row
    {
        public string Provider { get; set; } = "";
        public string AccountId { get; set; } = "";
        public string SchemaVersion { get; set; } = "";
        public DateOnly ReportDate { get; set; }
        public DateTimeOffset ExportedAt { get; set; }
        public string CampaignId { get; set; } = "";
        public string CampaignName { get; set; } = "";
        public string? CampaignTargetType { get; set; }
        public string? CampaignTargetIsrc { get; set; }
        public string? CampaignTargetSpotifyTrackId { get; set; }
        public string? CampaignTargetPlaylistId { get; set; }
        public string CountryCode { get; set; } = "";
        public long? Impressions { get; set; }
        public long? AdClicks { get; set; }
        public long? LinkClicks { get; set; }
        public long Streams { get; set; }
        public long Listeners { get; set; }
        public long Followers { get; set; }
        public double StreamsPerListener { get; set; }
        public decimal SpendMedia { get; set; }
        public decimal SpendTotal { get; set; }
        public decimal Fees { get; set; }
        public string Currency { get; set; } = "";
        public string CurrencyAccount { get; set; } = "";
        public double Cpl { get; set; }
        public double Cpf { get; set; }
        public double? CpcLinkclick { get; set; }
        public double? CtrLinkclick { get; set; }
        public double? CtrAdclick { get; set; }
        public double CostPerResult { get; set; }
        public string? ResultType { get; set; }
    }
}
