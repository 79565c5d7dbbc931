using System.Text;
using Microsoft.Data.Sqlite;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Metrics;

/// <summary>
/// The one place that turns stored rows into numbers: the UI, exports and the CLI all ask it.
/// Money is summed per currency, never across currencies.
/// </summary>
/// <remarks>
/// The sums come from the smallest table that can answer exactly (see <see cref="ChooseSource"/>): the rollup
/// tables <c>TeamCountryDayTotals</c>, <c>CampaignDayTotals</c> and <c>CampaignCountryMonthTotals</c> that
/// <see cref="MetricRowWriter"/> keeps equal to the sums of <c>MetricRows</c>, or <c>MetricRows</c> itself.
/// Every source gives the same answer; only the number of rows read differs.
/// </remarks>
public sealed class MetricsService(SqliteStore store)
{
    /// <summary>
    /// The measures in the order the answer reads them: the rollup tables' column, and the value one
    /// MetricRows row m gives it (conditional sums count only the rows that report both sides of their ratio).
    /// </summary>
    private static readonly (string Column, string OfRow)[] Measures =
    [
        ("Rows", "1"),
        ("Impressions", "m.Impressions"),
        ("AdClicks", "m.AdClicks"),
        ("LinkClicks", "m.LinkClicks"),
        ("Streams", "m.Streams"),
        ("Listeners", "m.Listeners"),
        ("Followers", "m.Followers"),
        ("SpendMedia", "m.SpendMedia"),
        ("SpendTotal", "m.SpendTotal"),
        ("Fees", "m.Fees"),
        ("LinkClicksWithImpressions", "CASE WHEN m.Impressions IS NOT NULL THEN m.LinkClicks END"),
        ("ImpressionsWithLinkClicks", "CASE WHEN m.LinkClicks IS NOT NULL THEN m.Impressions END"),
        ("AdClicksWithImpressions", "CASE WHEN m.Impressions IS NOT NULL THEN m.AdClicks END"),
        ("ImpressionsWithAdClicks", "CASE WHEN m.AdClicks IS NOT NULL THEN m.Impressions END"),
        ("SpendMediaWithLinkClicks", "CASE WHEN m.LinkClicks IS NOT NULL THEN m.SpendMedia END"),
        ("SpendMediaWithImpressions", "CASE WHEN m.Impressions IS NOT NULL THEN m.SpendMedia END"),
        ("StreamsWithLinkClicks", "CASE WHEN m.LinkClicks IS NOT NULL THEN m.Streams END"),
    ];

    public Task<IReadOnlyList<MetricsGroup>> QueryAsync(MetricsFilter filter, MetricsGrouping grouping,
        CancellationToken cancellationToken = default) =>
        QueryAsync(filter, grouping, metricRowsOnly: false, cancellationToken);

    /// <param name="metricRowsOnly">Sum MetricRows even where a rollup table could answer (tests compare both).</param>
    internal async Task<IReadOnlyList<MetricsGroup>> QueryAsync(MetricsFilter filter, MetricsGrouping grouping,
        bool metricRowsOnly, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var (campaignKeys, allCampaigns) = await CampaignKeysAsync(connection, filter, cancellationToken);
        if (campaignKeys.Count == 0)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        var source = metricRowsOnly ? MetricsSource.MetricRows : ChooseSource(allCampaigns, filter.Countries.Count > 0, grouping);
        var (wholeFrom, wholeTo) = WholeMonths(filter.From, filter.To);
        if (source == MetricsSource.CampaignCountryMonthTotals && wholeFrom is { } f && wholeTo is { } t && f >= t)
        {
            // No month lies wholly inside the window: the month sums cannot help.
            source = MetricsSource.MetricRows;
        }
        command.CommandText = source switch
        {
            MetricsSource.TeamCountryDayTotals => $"""
                SELECT r.Currency, {GroupKey(grouping, "r", hasDay: true)} AS GroupKey, {Sums("r.")}
                FROM TeamCountryDayTotals r
                WHERE r.TeamId = $team{DayRange(filter, command, "r")}{CountryFilter(filter, command, "r")}
                GROUP BY r.Currency, GroupKey ORDER BY r.Currency, GroupKey
                """,
            MetricsSource.CampaignDayTotals => $"""
                SELECT r.Currency, {GroupKey(grouping, "r", hasDay: true)} AS GroupKey, {Sums("r.")}
                FROM CampaignDayTotals r
                WHERE r.CampaignKey IN ({string.Join(',', campaignKeys)}){DayRange(filter, command, "r")}
                GROUP BY r.Currency, GroupKey ORDER BY r.Currency, GroupKey
                """,
            MetricsSource.CampaignCountryMonthTotals => WholeMonthsAndEdges(filter, grouping, command, campaignKeys, wholeFrom, wholeTo),
            _ => $"""
                SELECT m.Currency, {GroupKey(grouping, "m", hasDay: true)} AS GroupKey, {string.Join(", ", Measures.Select(x => $"SUM({x.OfRow})"))}
                FROM MetricRows m
                WHERE m.CampaignKey IN ({string.Join(',', campaignKeys)}){DayRange(filter, command, "m")}{CountryFilter(filter, command, "m")}
                GROUP BY m.Currency, GroupKey ORDER BY m.Currency, GroupKey
                """,
        };
        command.Parameters.AddWithValue("$team", filter.TeamId);

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

    /// <summary>
    /// The smallest table that answers a query exactly. Every campaign of the team: the team's sums per day and
    /// country. Some campaigns, every country: their sums per day, unless grouped by country. Some campaigns
    /// grouped by country, or some countries in totals or months: their sums per country and month for the whole
    /// months of the window, with MetricRows for the partial months at its edges. Otherwise (some campaigns and
    /// countries, by day or week) MetricRows.
    /// </summary>
    internal static MetricsSource ChooseSource(bool allCampaigns, bool someCountries, MetricsGrouping grouping) =>
        allCampaigns ? MetricsSource.TeamCountryDayTotals
        : !someCountries && grouping != MetricsGrouping.Country ? MetricsSource.CampaignDayTotals
        : grouping is MetricsGrouping.Country or MetricsGrouping.Month or MetricsGrouping.Total ? MetricsSource.CampaignCountryMonthTotals
        : MetricsSource.MetricRows;

    /// <summary>
    /// The month sums of the campaigns for the months wholly inside the window [wholeFrom, wholeTo), and MetricRows
    /// for the days before and after them, summed together.
    /// </summary>
    private static string WholeMonthsAndEdges(MetricsFilter filter, MetricsGrouping grouping, SqliteCommand command,
        List<int> campaignKeys, int? wholeFrom, int? wholeTo)
    {
        var keys = string.Join(',', campaignKeys);
        var monthRange = new StringBuilder();
        if (wholeFrom is { } first)
        {
            monthRange.Append(" AND r.Month >= $wholeFrom");
            command.Parameters.AddWithValue("$wholeFrom", first);
        }
        if (wholeTo is { } end)
        {
            monthRange.Append(" AND r.Month < $wholeTo");
            command.Parameters.AddWithValue("$wholeTo", end);
        }
        var parts = new List<string>
        {
            $"""
            SELECT r.Currency, {GroupKey(grouping, "r", hasDay: false)} AS GroupKey, {string.Join(", ", Measures.Select(x => $"r.{x.Column}"))}
                FROM CampaignCountryMonthTotals r
                WHERE r.CampaignKey IN ({keys}){monthRange}{CountryFilter(filter, command, "r")}
            """,
        };
        var edge = $"""
            SELECT m.Currency, {GroupKey(grouping, "m", hasDay: true)}, {string.Join(", ", Measures.Select(x => x.OfRow))}
                FROM MetricRows m
                WHERE m.CampaignKey IN ({keys}){CountryFilter(filter, command, "m")}
            """;
        if (filter.From is { } from && wholeFrom is { } head && StoreEncoding.ToDay(from) < head)
        {
            command.Parameters.AddWithValue("$from", StoreEncoding.ToDay(from));
            parts.Add($"{edge} AND m.Day >= $from AND m.Day < $wholeFrom");
        }
        if (filter.To is { } to && wholeTo is { } tail && tail <= StoreEncoding.ToDay(to))
        {
            command.Parameters.AddWithValue("$to", StoreEncoding.ToDay(to));
            parts.Add($"{edge} AND m.Day >= $wholeTo AND m.Day <= $to");
        }
        return $"""
            SELECT u.Currency, u.GroupKey, {string.Join(", ", Measures.Select(x => $"SUM(u.{x.Column})"))}
            FROM (
                {string.Join("\n    UNION ALL\n    ", parts)}
            ) u
            GROUP BY u.Currency, u.GroupKey ORDER BY u.Currency, u.GroupKey
            """;
    }

    /// <summary>
    /// The months wholly inside [from, to], as day numbers: from the first month start on or after from, up to
    /// (excluding) the month start on or before the day after to. Null bounds stay unbounded.
    /// </summary>
    private static (int? WholeFrom, int? WholeTo) WholeMonths(DateOnly? from, DateOnly? to)
    {
        // Past the last representable day: no month starts there.
        var beyond = StoreEncoding.ToDay(DateOnly.MaxValue) + 1;
        int? wholeFrom = from switch
        {
            null => null,
            { Day: 1 } f => StoreEncoding.ToDay(f),
            { Year: 9999, Month: 12 } => beyond,
            { } f => StoreEncoding.ToDay(new DateOnly(f.Year, f.Month, 1).AddMonths(1)),
        };
        int? wholeTo = to switch
        {
            null => null,
            { } t when t == DateOnly.MaxValue => beyond,
            { } t => StoreEncoding.ToDay(new DateOnly(t.AddDays(1).Year, t.AddDays(1).Month, 1)),
        };
        return (wholeFrom, wholeTo);
    }

    private static string Sums(string prefix) => string.Join(", ", Measures.Select(x => $"SUM({prefix}{x.Column})"));

    /// <summary>The grouping's key over table alias a: from its Day column, or (month sums) its Month column.</summary>
    private static string GroupKey(MetricsGrouping grouping, string a, bool hasDay) => grouping switch
    {
        MetricsGrouping.Country => $"{a}.Country",
        MetricsGrouping.Day => $"{a}.Day",
        // Day 0 (1970-01-01) was a Thursday: this is the Monday of the day's ISO week.
        MetricsGrouping.Week => $"({a}.Day - (({a}.Day + 3) % 7))",
        MetricsGrouping.Month when !hasDay => $"{a}.Month",
        MetricsGrouping.Month => $"CAST(julianday(date({a}.Day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)",
        _ => "NULL",
    };

    private static string DayRange(MetricsFilter filter, SqliteCommand command, string a)
    {
        var sql = new StringBuilder();
        if (filter.From is { } from)
        {
            sql.Append($" AND {a}.Day >= $from");
            command.Parameters.AddWithValue("$from", StoreEncoding.ToDay(from));
        }
        if (filter.To is { } to)
        {
            sql.Append($" AND {a}.Day <= $to");
            command.Parameters.AddWithValue("$to", StoreEncoding.ToDay(to));
        }
        return sql.ToString();
    }

    private static string CountryFilter(MetricsFilter filter, SqliteCommand command, string a)
    {
        if (filter.Countries.Count == 0)
        {
            return "";
        }
        var names = filter.Countries.Select((c, i) =>
        {
            if (!command.Parameters.Contains($"$cc{i}"))
            {
                command.Parameters.AddWithValue($"$cc{i}", c.ToUpperInvariant());
            }
            return $"$cc{i}";
        });
        return $" AND {a}.Country IN ({string.Join(',', names)})";
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

    /// <summary>The team's campaigns the filter picks, and whether that is all of them.</summary>
    private static async Task<(List<int> Keys, bool All)> CampaignKeysAsync(SqliteConnection connection, MetricsFilter filter,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, CampaignId FROM Campaigns WHERE TeamId = $team ORDER BY Id";
        command.Parameters.AddWithValue("$team", filter.TeamId);
        var wanted = filter.CampaignIds.Count == 0 ? null : filter.CampaignIds.ToHashSet(StringComparer.Ordinal);
        var keys = new List<int>();
        var all = true;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (wanted is null || wanted.Contains(reader.GetString(1)))
            {
                keys.Add(reader.GetInt32(0));
            }
            else
            {
                all = false;
            }
        }
        return (keys, all);
    }

    private static long? NullableLong(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}

/// <summary>Where <see cref="MetricsService"/> takes a query's sums from.</summary>
internal enum MetricsSource
{
    MetricRows,
    TeamCountryDayTotals,
    CampaignDayTotals,
    CampaignCountryMonthTotals,
}
