using System.Text;
using Microsoft.Data.Sqlite;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Metrics;

/// <summary>
/// The one place that turns stored rows into numbers: the UI, exports and the CLI all ask it.
/// Money is summed per currency, never across currencies.
/// </summary>
public sealed class MetricsService(SqliteStore store)
{
    public async Task<IReadOnlyList<MetricsGroup>> QueryAsync(MetricsFilter filter, MetricsGrouping grouping,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var campaignKeys = await CampaignKeysAsync(connection, filter, cancellationToken);
        if (campaignKeys.Count == 0)
        {
            return [];
        }

        var groupColumn = grouping switch
        {
            MetricsGrouping.Country => "m.Country",
            MetricsGrouping.Day => "m.Day",
            // Day 0 (1970-01-01) was a Thursday: this is the Monday of the day's ISO week.
            MetricsGrouping.Week => "(m.Day - ((m.Day + 3) % 7))",
            MetricsGrouping.Month => "CAST(julianday(date(m.Day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)",
            _ => "NULL",
        };
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"""
            SELECT m.Currency, {groupColumn}, COUNT(*),
                SUM(m.Impressions), SUM(m.AdClicks), SUM(m.LinkClicks),
                SUM(m.Streams), SUM(m.Listeners), SUM(m.Followers),
                SUM(m.SpendMedia), SUM(m.SpendTotal), SUM(m.Fees),
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.LinkClicks END),
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.Impressions END),
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.AdClicks END),
                SUM(CASE WHEN m.AdClicks IS NOT NULL THEN m.Impressions END),
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.SpendMedia END),
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.SpendMedia END),
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.Streams END)
            FROM MetricRows m
            WHERE m.CampaignKey IN ({string.Join(',', campaignKeys)})
            """);
        if (filter.From is { } from)
        {
            sql.Append(" AND m.Day >= $from");
            command.Parameters.AddWithValue("$from", StoreEncoding.ToDay(from));
        }
        if (filter.To is { } to)
        {
            sql.Append(" AND m.Day <= $to");
            command.Parameters.AddWithValue("$to", StoreEncoding.ToDay(to));
        }
        if (filter.Countries.Count > 0)
        {
            var names = filter.Countries.Select((c, i) =>
            {
                command.Parameters.AddWithValue($"$cc{i}", c.ToUpperInvariant());
                return $"$cc{i}";
            });
            sql.Append($" AND m.Country IN ({string.Join(',', names)})");
        }
        sql.Append($" GROUP BY m.Currency, {groupColumn} ORDER BY m.Currency, {groupColumn}");
        command.CommandText = sql.ToString();

        var groups = new List<MetricsGroup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var totals = new MetricTotals
            {
                Rows = reader.GetInt64(2),
                Impressions = NullableLong(reader, 3),
                AdClicks = NullableLong(reader, 4),
                LinkClicks = NullableLong(reader, 5),
                Streams = reader.GetInt64(6),
                Listeners = reader.GetInt64(7),
                Followers = reader.GetInt64(8),
                SpendMedia = StoreEncoding.FromMicros(reader.GetInt64(9)),
                SpendTotal = StoreEncoding.FromMicros(reader.GetInt64(10)),
                Fees = StoreEncoding.FromMicros(reader.GetInt64(11)),
                LinkClicksWithImpressions = NullableLong(reader, 12) ?? 0,
                ImpressionsWithLinkClicks = NullableLong(reader, 13) ?? 0,
                AdClicksWithImpressions = NullableLong(reader, 14) ?? 0,
                ImpressionsWithAdClicks = NullableLong(reader, 15) ?? 0,
                SpendMediaWithLinkClicks = StoreEncoding.FromMicros(NullableLong(reader, 16) ?? 0),
                SpendMediaWithImpressions = StoreEncoding.FromMicros(NullableLong(reader, 17) ?? 0),
                StreamsWithLinkClicks = NullableLong(reader, 18) ?? 0,
            };
            groups.Add(new MetricsGroup(
                reader.GetString(0),
                grouping == MetricsGrouping.Country ? reader.GetString(1) : null,
                grouping is MetricsGrouping.Day or MetricsGrouping.Week or MetricsGrouping.Month ? StoreEncoding.FromDay(reader.GetInt64(1)) : null,
                totals));
        }
        return groups;
    }

    /// <summary>The filter's window and the window of equal length just before it, each summed per currency.</summary>
    public async Task<PeriodComparison> CompareWithPreviousAsync(MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        if (filter.From is not { } from || filter.To is not { } to || to < from)
        {
            throw new ArgumentException("A comparison needs a window with From <= To.", nameof(filter));
        }
        var length = to.DayNumber - from.DayNumber + 1;
        var previousTo = from.AddDays(-1);
        var previousFrom = from.AddDays(-length);
        var current = await QueryAsync(filter, MetricsGrouping.Total, cancellationToken);
        var previous = await QueryAsync(filter with { From = previousFrom, To = previousTo }, MetricsGrouping.Total, cancellationToken);
        return new PeriodComparison(from, to, previousFrom, previousTo, current, previous);
    }

    private static async Task<List<int>> CampaignKeysAsync(SqliteConnection connection, MetricsFilter filter,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT Id FROM Campaigns WHERE TeamId = $team");
        command.Parameters.AddWithValue("$team", filter.TeamId);
        if (filter.CampaignIds.Count > 0)
        {
            var names = filter.CampaignIds.Select((id, i) =>
            {
                command.Parameters.AddWithValue($"$c{i}", id);
                return $"$c{i}";
            });
            sql.Append($" AND CampaignId IN ({string.Join(',', names)})");
        }
        command.CommandText = sql.Append(" ORDER BY Id").ToString();
        var keys = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetInt32(0));
        }
        return keys;
    }

    private static long? NullableLong(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
