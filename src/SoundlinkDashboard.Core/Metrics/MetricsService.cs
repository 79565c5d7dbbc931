using System.Text;
using Microsoft.Data.Sqlite;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Metrics;

/// <summary>
/// The one place that turns stored rows into numbers: the UI, exports and the CLI all ask it.
/// Money is summed per currency, never across currencies.
/// </summary>
/// <remarks>
/// The sums come from the smallest table that answers exactly (<see cref="ChooseSource"/>): a rollup table that
/// <see cref="MetricRowWriter"/> keeps equal to the sums of <c>MetricRows</c>, or <c>MetricRows</c> itself. Every
/// source gives the same answer; they differ only in how many rows a query reads.
/// </remarks>
public sealed class MetricsService(SqliteStore store)
{
    /// <summary>
    /// The measures in the order the answer reads them: the rollup tables' column, and the value one MetricRows
    /// row t gives it (a conditional sum counts only the rows that report both sides of its ratio).
    /// </summary>
    private static readonly (string Column, string OfRow)[] Measures =
    [
        ("Rows", "1"),
        ("Impressions", "t.Impressions"),
        ("AdClicks", "t.AdClicks"),
        ("LinkClicks", "t.LinkClicks"),
        ("Streams", "t.Streams"),
        ("Listeners", "t.Listeners"),
        ("Followers", "t.Followers"),
        ("SpendMedia", "t.SpendMedia"),
        ("SpendTotal", "t.SpendTotal"),
        ("Fees", "t.Fees"),
        ("LinkClicksWithImpressions", "CASE WHEN t.Impressions IS NOT NULL THEN t.LinkClicks END"),
        ("ImpressionsWithLinkClicks", "CASE WHEN t.LinkClicks IS NOT NULL THEN t.Impressions END"),
        ("AdClicksWithImpressions", "CASE WHEN t.Impressions IS NOT NULL THEN t.AdClicks END"),
        ("ImpressionsWithAdClicks", "CASE WHEN t.AdClicks IS NOT NULL THEN t.Impressions END"),
        ("SpendMediaWithLinkClicks", "CASE WHEN t.LinkClicks IS NOT NULL THEN t.SpendMedia END"),
        ("SpendMediaWithImpressions", "CASE WHEN t.Impressions IS NOT NULL THEN t.SpendMedia END"),
        ("StreamsWithLinkClicks", "CASE WHEN t.LinkClicks IS NOT NULL THEN t.Streams END"),
    ];

    /// <summary>The measures' columns, in the order the answer reads them (a test holds them against the catalogue).</summary>
    internal static IEnumerable<string> MeasureColumns => Measures.Select(m => m.Column);

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
        command.Parameters.AddWithValue("$team", filter.TeamId);
        var source = metricRowsOnly ? MetricsSource.MetricRows : ChooseSource(allCampaigns, filter.Countries.Count > 0, grouping);
        // The team's tables are filtered by team, the others by campaign.
        var scope = source is MetricsSource.TeamDayTotals or MetricsSource.TeamCountryDayTotals or MetricsSource.TeamCountryMonthTotals
            ? "t.TeamId = $team"
            : $"t.CampaignKey IN ({string.Join(',', campaignKeys)})";
        command.CommandText = source switch
        {
            MetricsSource.TeamCountryMonthTotals =>
                MonthsAndEdges(filter, grouping, command, source, scope, edges: MetricsSource.TeamCountryDayTotals),
            MetricsSource.CampaignCountryMonthTotals =>
                MonthsAndEdges(filter, grouping, command, source, scope, edges: MetricsSource.MetricRows),
            _ => Days(filter, grouping, command, source, scope),
        };

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
            // Currency and country codes are a few hundred short strings repeated in every group that a dashboard
            // keeps: one shared copy of each.
            groups.Add(new MetricsGroup(
                string.Intern(reader.GetString(0)),
                grouping == MetricsGrouping.Country ? string.Intern(reader.GetString(1)) : null,
                grouping is MetricsGrouping.Day or MetricsGrouping.Week or MetricsGrouping.Month ? StoreEncoding.FromDay(reader.GetInt64(1)) : null,
                totals));
        }
        return groups;
    }

    /// <summary>
    /// The smallest table that answers a query exactly. The team's tables when the filter takes all its
    /// campaigns, else the campaigns' tables (MetricRows being theirs per day and country):
    /// without a country filter, unless grouped by country: the sums per day;
    /// grouped by country, or totals and months of some countries: the sums per country and month for the
    /// months wholly inside the window, plus the sums per day and country for the days around them;
    /// otherwise (days or weeks of some countries): the sums per day and country.
    /// </summary>
    internal static MetricsSource ChooseSource(bool allCampaigns, bool someCountries, MetricsGrouping grouping) =>
        (!someCountries && grouping != MetricsGrouping.Country, grouping is MetricsGrouping.Day or MetricsGrouping.Week) switch
        {
            (true, _) => allCampaigns ? MetricsSource.TeamDayTotals : MetricsSource.CampaignDayTotals,
            (false, false) => allCampaigns ? MetricsSource.TeamCountryMonthTotals : MetricsSource.CampaignCountryMonthTotals,
            (false, true) => allCampaigns ? MetricsSource.TeamCountryDayTotals : MetricsSource.MetricRows,
        };

    /// <summary>Sums a table keyed by day (rollup rows, or metric rows) over the window.</summary>
    private static string Days(MetricsFilter filter, MetricsGrouping grouping, SqliteCommand command, MetricsSource table, string scope) => $"""
        SELECT t.Currency, {GroupKey(grouping, monthColumn: false)} AS GroupKey, {string.Join(", ", Measures.Select(m => $"SUM({Value(table, m)})"))}
        FROM {table} t
        WHERE {scope}{DayRange(filter, command)}{CountryFilter(filter, command, table)}
        GROUP BY t.Currency, GroupKey ORDER BY t.Currency, GroupKey
        """;

    /// <summary>
    /// Sums the month rollup for the months wholly inside the window and the day-and-country table
    /// <paramref name="edges"/> for the days before and after them; a window that holds no whole month is summed
    /// from <paramref name="edges"/> alone.
    /// </summary>
    private static string MonthsAndEdges(MetricsFilter filter, MetricsGrouping grouping, SqliteCommand command,
        MetricsSource months, string scope, MetricsSource edges)
    {
        var (wholeFrom, wholeTo) = WholeMonths(filter.From, filter.To);
        if (wholeFrom >= wholeTo)
        {
            return Days(filter, grouping, command, edges, scope);
        }
        var countries = CountryFilter(filter, command, months);
        var parts = new List<string>
        {
            $"""
            SELECT t.Currency, {GroupKey(grouping, monthColumn: true)} AS GroupKey, {string.Join(", ", Measures.Select(m => $"t.{m.Column}"))}
                FROM {months} t
                WHERE {scope}{(wholeFrom is null ? "" : " AND t.Month >= $wholeFrom")}{(wholeTo is null ? "" : " AND t.Month < $wholeTo")}{countries}
            """,
        };
        var edge = $"""
            SELECT t.Currency, {GroupKey(grouping, monthColumn: false)}, {string.Join(", ", Measures.Select(m => Value(edges, m)))}
                FROM {edges} t
                WHERE {scope}{countries}
            """;
        if (wholeFrom is { } first)
        {
            command.Parameters.AddWithValue("$wholeFrom", first);
            if (filter.From is { } from && StoreEncoding.ToDay(from) < first)
            {
                command.Parameters.AddWithValue("$from", StoreEncoding.ToDay(from));
                parts.Add($"{edge} AND t.Day >= $from AND t.Day < $wholeFrom");
            }
        }
        if (wholeTo is { } end)
        {
            command.Parameters.AddWithValue("$wholeTo", end);
            if (filter.To is { } to && end <= StoreEncoding.ToDay(to))
            {
                command.Parameters.AddWithValue("$to", StoreEncoding.ToDay(to));
                parts.Add($"{edge} AND t.Day >= $wholeTo AND t.Day <= $to");
            }
        }
        return $"""
            SELECT u.Currency, u.GroupKey, {string.Join(", ", Measures.Select(m => $"SUM(u.{m.Column})"))}
            FROM (
                {string.Join("\n    UNION ALL\n    ", parts)}
            ) u
            GROUP BY u.Currency, u.GroupKey ORDER BY u.Currency, u.GroupKey
            """;
    }

    /// <summary>
    /// The months wholly inside [from, to], as day numbers [WholeFrom, WholeTo): from the first month start on or
    /// after from, up to the month start on or before the day after to. A null bound stays unbounded.
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

    /// <summary>A measure of one row of the table: its rollup column, or its value in a metric row.</summary>
    private static string Value(MetricsSource table, (string Column, string OfRow) measure) =>
        table == MetricsSource.MetricRows ? measure.OfRow : $"t.{measure.Column}";

    /// <summary>The grouping's key over a table row t: from its Day column, or from its Month column.</summary>
    private static string GroupKey(MetricsGrouping grouping, bool monthColumn) => grouping switch
    {
        MetricsGrouping.Country => "t.Country",
        MetricsGrouping.Day => "t.Day",
        // Day 0 (1970-01-01) was a Thursday: this is the Monday of the day's ISO week. SQLite's % keeps the sign of the
        // day number, so the remainder is brought into 0..6 for days before 1970 too (floor modulo).
        MetricsGrouping.Week => "(t.Day - ((((t.Day + 3) % 7) + 7) % 7))",
        MetricsGrouping.Month when monthColumn => "t.Month",
        MetricsGrouping.Month => "CAST(julianday(date(t.Day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)",
        _ => "NULL",
    };

    private static string DayRange(MetricsFilter filter, SqliteCommand command)
    {
        var sql = new StringBuilder();
        if (filter.From is { } from)
        {
            sql.Append(" AND t.Day >= $from");
            command.Parameters.AddWithValue("$from", StoreEncoding.ToDay(from));
        }
        if (filter.To is { } to)
        {
            sql.Append(" AND t.Day <= $to");
            command.Parameters.AddWithValue("$to", StoreEncoding.ToDay(to));
        }
        return sql.ToString();
    }

    /// <summary>The country filter, for a table with a Country column (the router sends no filter elsewhere).</summary>
    private static string CountryFilter(MetricsFilter filter, SqliteCommand command, MetricsSource table)
    {
        if (filter.Countries.Count == 0)
        {
            return "";
        }
        if (table is MetricsSource.TeamDayTotals or MetricsSource.CampaignDayTotals)
        {
            throw new InvalidOperationException($"{table} has no countries");
        }
        var names = filter.Countries.Select((c, i) =>
        {
            if (!command.Parameters.Contains($"$cc{i}"))
            {
                command.Parameters.AddWithValue($"$cc{i}", c.ToUpperInvariant());
            }
            return $"$cc{i}";
        });
        return $" AND t.Country IN ({string.Join(',', names)})";
    }

    /// <summary>The filter's window and the window of equal length just before it, each summed per currency.</summary>
    public async Task<PeriodComparison> CompareWithPreviousAsync(MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        if (filter.From is not { } from || filter.To is not { } to || to < from)
        {
            throw new ArgumentException("A comparison needs a window with From <= To.", nameof(filter));
        }
        var (previousFrom, previousTo) = PreviousPeriod(from, to);
        var current = await QueryAsync(filter, MetricsGrouping.Total, cancellationToken);
        var previous = previousTo < from
            ? await QueryAsync(filter with { From = previousFrom, To = previousTo }, MetricsGrouping.Total, cancellationToken)
            : [];
        return new PeriodComparison(from, to, previousFrom, previousTo, current, previous);
    }

    /// <summary>
    /// The window of the same length just before [from, to], cut at the first representable day. A window that starts
    /// on that day has none: then both ends are <paramref name="from"/> (see <see cref="PeriodComparison.HasPrevious"/>).
    /// </summary>
    public static (DateOnly From, DateOnly To) PreviousPeriod(DateOnly from, DateOnly to)
    {
        if (from == DateOnly.MinValue)
        {
            return (from, from);
        }
        var length = to.DayNumber - from.DayNumber + 1;
        return (DateOnly.FromDayNumber(Math.Max(0, from.DayNumber - length)), from.AddDays(-1));
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

/// <summary>Where <see cref="MetricsService"/> takes a query's sums from: a table's name.</summary>
internal enum MetricsSource
{
    MetricRows,
    CampaignDayTotals,
    CampaignCountryMonthTotals,
    TeamDayTotals,
    TeamCountryDayTotals,
    TeamCountryMonthTotals,
}
