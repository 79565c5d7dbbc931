using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SoundlinkDashboard.Core.Store;

/// <summary>One rollup row that is not the sum of its base rows: what the base rows sum to, what the table holds (either may be missing).</summary>
public sealed record RollupDifference(string Table, string Key, string? Expected, string? Stored);

/// <summary>
/// Proves the rollup tables on a live database: compares each with the sums of MetricRows (<c>store verify</c>) and
/// rebuilds them all from MetricRows in one transaction (<c>store rebuild-rollups</c>). The sums are written out here
/// from <see cref="RollupMeasures.Columns"/>, independently of the upsert path that keeps the tables current.
/// </summary>
public sealed class RollupAudit(SqliteStore store)
{
    /// <summary>Each measure column as a sum over the MetricRows m of a group.</summary>
    private static readonly Dictionary<string, string> Sums = new(StringComparer.Ordinal)
    {
        ["Rows"] = "COUNT(*)",
        ["Impressions"] = "SUM(m.Impressions)",
        ["ImpressionsRows"] = "COUNT(m.Impressions)",
        ["AdClicks"] = "SUM(m.AdClicks)",
        ["AdClicksRows"] = "COUNT(m.AdClicks)",
        ["LinkClicks"] = "SUM(m.LinkClicks)",
        ["LinkClicksRows"] = "COUNT(m.LinkClicks)",
        ["Streams"] = "SUM(m.Streams)",
        ["Listeners"] = "SUM(m.Listeners)",
        ["Followers"] = "SUM(m.Followers)",
        ["SpendMedia"] = "SUM(m.SpendMedia)",
        ["SpendTotal"] = "SUM(m.SpendTotal)",
        ["Fees"] = "SUM(m.Fees)",
        ["LinkClicksWithImpressions"] = "SUM(CASE WHEN m.Impressions IS NOT NULL THEN IFNULL(m.LinkClicks, 0) ELSE 0 END)",
        ["ImpressionsWithLinkClicks"] = "SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN IFNULL(m.Impressions, 0) ELSE 0 END)",
        ["AdClicksWithImpressions"] = "SUM(CASE WHEN m.Impressions IS NOT NULL THEN IFNULL(m.AdClicks, 0) ELSE 0 END)",
        ["ImpressionsWithAdClicks"] = "SUM(CASE WHEN m.AdClicks IS NOT NULL THEN IFNULL(m.Impressions, 0) ELSE 0 END)",
        ["SpendMediaWithLinkClicks"] = "SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.SpendMedia ELSE 0 END)",
        ["SpendMediaWithImpressions"] = "SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.SpendMedia ELSE 0 END)",
        ["StreamsWithLinkClicks"] = "SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.Streams ELSE 0 END)",
    };

    private const string MonthOfDay = "CAST(julianday(date(m.Day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)";

    /// <summary>Each rollup table: its key columns and the same key computed over MetricRows m joined to Campaigns c.</summary>
    internal static readonly (string Name, string[] Keys, string[] KeyOfRow)[] Tables =
    [
        ("CampaignDayTotals", ["CampaignKey", "Day", "Currency"], ["m.CampaignKey", "m.Day", "m.Currency"]),
        ("CampaignCountryMonthTotals", ["CampaignKey", "Country", "Month", "Currency"], ["m.CampaignKey", "m.Country", MonthOfDay, "m.Currency"]),
        ("TeamDayTotals", ["TeamId", "Day", "Currency"], ["c.TeamId", "m.Day", "m.Currency"]),
        ("TeamCountryDayTotals", ["TeamId", "Day", "Country", "Currency"], ["c.TeamId", "m.Day", "m.Country", "m.Currency"]),
        ("TeamCountryMonthTotals", ["TeamId", "Country", "Month", "Currency"], ["c.TeamId", "m.Country", MonthOfDay, "m.Currency"]),
    ];

    /// <summary>The measure sums in <see cref="RollupMeasures.Columns"/> order (throws if a column has no sum here).</summary>
    internal static string MeasureSums => string.Join(", ", RollupMeasures.Columns.Select(c => Sums[c]));

    /// <summary>Every rollup row that differs from the sums of its base rows (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<RollupDifference>> VerifyAsync(int limit = 1_000, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var differences = new List<RollupDifference>();
        foreach (var (name, keys, keyOfRow) in Tables)
        {
            var expected = $"SELECT {string.Join(", ", keyOfRow)}, {MeasureSums} FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey GROUP BY {string.Join(", ", keyOfRow)}";
            var stored = $"SELECT {string.Join(", ", keys.Concat(RollupMeasures.Columns))} FROM {name}";
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT 1, * FROM ({expected} EXCEPT {stored})
                UNION ALL
                SELECT 0, * FROM ({stored} EXCEPT {expected})
                LIMIT $limit
                """;
            command.Parameters.AddWithValue("$limit", limit - differences.Count);
            var rows = new List<(bool Expected, string Key, string Values)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetInt64(0) == 1, Describe(reader, 1, keys.Length, keys),
                        Describe(reader, 1 + keys.Length, RollupMeasures.Columns.Length, RollupMeasures.Columns)));
                }
            }
            foreach (var group in rows.GroupBy(r => r.Key))
            {
                differences.Add(new RollupDifference(name, group.Key, group.FirstOrDefault(r => r.Expected).Values,
                    group.FirstOrDefault(r => !r.Expected).Values));
            }
            if (differences.Count >= limit)
            {
                break;
            }
        }
        return differences;
    }

    /// <summary>Empties every rollup table and fills it again from MetricRows, all in one transaction; returns the rollup rows written.</summary>
    public async Task<long> RebuildAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        long written = 0;
        foreach (var (name, keys, keyOfRow) in Tables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                DELETE FROM {name};
                INSERT INTO {name} ({string.Join(", ", keys.Concat(RollupMeasures.Columns))})
                SELECT {string.Join(", ", keyOfRow)}, {MeasureSums} FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey
                GROUP BY {string.Join(", ", keyOfRow)};
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            await using var count = connection.CreateCommand();
            count.Transaction = transaction;
            count.CommandText = $"SELECT COUNT(*) FROM {name}";
            written += Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private static string Describe(SqliteDataReader reader, int offset, int count, string[] names)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(names[i]).Append('=')
                .Append(reader.IsDBNull(offset + i) ? "null" : Convert.ToString(reader.GetValue(offset + i), CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
