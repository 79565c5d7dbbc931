using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace SoundlinkDashboard.Core.Store;

/// <summary>
/// What one metric row contributes to a rollup row (CampaignDayTotals, TeamCountryDayTotals,
/// CampaignCountryMonthTotals), or what a group of rows sums to. Money in millionths, as in MetricRows.
/// </summary>
internal struct RollupMeasures
{
    /// <summary>The rollup tables' measure columns, in the order <see cref="Bind"/> binds them.</summary>
    public static readonly string[] Columns =
    [
        "Rows", "Impressions", "ImpressionsRows", "AdClicks", "AdClicksRows", "LinkClicks", "LinkClicksRows",
        "Streams", "Listeners", "Followers", "SpendMedia", "SpendTotal", "Fees",
        "LinkClicksWithImpressions", "ImpressionsWithLinkClicks", "AdClicksWithImpressions", "ImpressionsWithAdClicks",
        "SpendMediaWithLinkClicks", "SpendMediaWithImpressions", "StreamsWithLinkClicks",
    ];

    /// <summary>The nullable counts: NULL in a rollup row when none of its rows reported them.</summary>
    public static readonly string[] Nullable = ["Impressions", "AdClicks", "LinkClicks"];

    public long Rows;
    public long Impressions;
    public long ImpressionsRows;
    public long AdClicks;
    public long AdClicksRows;
    public long LinkClicks;
    public long LinkClicksRows;
    public long Streams;
    public long Listeners;
    public long Followers;
    public long SpendMedia;
    public long SpendTotal;
    public long Fees;
    public long LinkClicksWithImpressions;
    public long ImpressionsWithLinkClicks;
    public long AdClicksWithImpressions;
    public long ImpressionsWithAdClicks;
    public long SpendMediaWithLinkClicks;
    public long SpendMediaWithImpressions;
    public long StreamsWithLinkClicks;

    public static RollupMeasures Of(long? impressions, long? adClicks, long? linkClicks, long streams, long listeners,
        long followers, long spendMedia, long spendTotal, long fees) => new()
    {
        Rows = 1,
        Impressions = impressions ?? 0,
        ImpressionsRows = impressions is null ? 0 : 1,
        AdClicks = adClicks ?? 0,
        AdClicksRows = adClicks is null ? 0 : 1,
        LinkClicks = linkClicks ?? 0,
        LinkClicksRows = linkClicks is null ? 0 : 1,
        Streams = streams,
        Listeners = listeners,
        Followers = followers,
        SpendMedia = spendMedia,
        SpendTotal = spendTotal,
        Fees = fees,
        LinkClicksWithImpressions = impressions is null ? 0 : linkClicks ?? 0,
        ImpressionsWithLinkClicks = linkClicks is null ? 0 : impressions ?? 0,
        AdClicksWithImpressions = impressions is null ? 0 : adClicks ?? 0,
        ImpressionsWithAdClicks = adClicks is null ? 0 : impressions ?? 0,
        SpendMediaWithLinkClicks = linkClicks is null ? 0 : spendMedia,
        SpendMediaWithImpressions = impressions is null ? 0 : spendMedia,
        StreamsWithLinkClicks = linkClicks is null ? 0 : streams,
    };

    /// <summary>Adds <paramref name="other"/> (sign 1) or takes it away (sign -1).</summary>
    public void Add(in RollupMeasures other, long sign)
    {
        // Checked, as SUM over the base rows is: a sum past long.MaxValue (money over ~9.2e12 in millionths) must fail the
        // batch, never wrap.
        checked
        {
            Rows += sign * other.Rows;
            Impressions += sign * other.Impressions;
            ImpressionsRows += sign * other.ImpressionsRows;
            AdClicks += sign * other.AdClicks;
            AdClicksRows += sign * other.AdClicksRows;
            LinkClicks += sign * other.LinkClicks;
            LinkClicksRows += sign * other.LinkClicksRows;
            Streams += sign * other.Streams;
            Listeners += sign * other.Listeners;
            Followers += sign * other.Followers;
            SpendMedia += sign * other.SpendMedia;
            SpendTotal += sign * other.SpendTotal;
            Fees += sign * other.Fees;
            LinkClicksWithImpressions += sign * other.LinkClicksWithImpressions;
            ImpressionsWithLinkClicks += sign * other.ImpressionsWithLinkClicks;
            AdClicksWithImpressions += sign * other.AdClicksWithImpressions;
            ImpressionsWithAdClicks += sign * other.ImpressionsWithAdClicks;
            SpendMediaWithLinkClicks += sign * other.SpendMediaWithLinkClicks;
            SpendMediaWithImpressions += sign * other.SpendMediaWithImpressions;
            StreamsWithLinkClicks += sign * other.StreamsWithLinkClicks;
        }
    }

    public readonly bool IsZero =>
        Rows == 0 && Impressions == 0 && ImpressionsRows == 0 && AdClicks == 0 && AdClicksRows == 0 && LinkClicks == 0 &&
        LinkClicksRows == 0 && Streams == 0 && Listeners == 0 && Followers == 0 && SpendMedia == 0 && SpendTotal == 0 &&
        Fees == 0 && LinkClicksWithImpressions == 0 && ImpressionsWithLinkClicks == 0 && AdClicksWithImpressions == 0 &&
        ImpressionsWithAdClicks == 0 && SpendMediaWithLinkClicks == 0 && SpendMediaWithImpressions == 0 &&
        StreamsWithLinkClicks == 0;

    /// <summary>Binds the values in <see cref="Columns"/> order from <paramref name="offset"/> on.</summary>
    public readonly void Bind(SqliteParameter[] p, int offset)
    {
        p[offset + 0].Value = Rows;
        p[offset + 1].Value = Impressions;
        p[offset + 2].Value = ImpressionsRows;
        p[offset + 3].Value = AdClicks;
        p[offset + 4].Value = AdClicksRows;
        p[offset + 5].Value = LinkClicks;
        p[offset + 6].Value = LinkClicksRows;
        p[offset + 7].Value = Streams;
        p[offset + 8].Value = Listeners;
        p[offset + 9].Value = Followers;
        p[offset + 10].Value = SpendMedia;
        p[offset + 11].Value = SpendTotal;
        p[offset + 12].Value = Fees;
        p[offset + 13].Value = LinkClicksWithImpressions;
        p[offset + 14].Value = ImpressionsWithLinkClicks;
        p[offset + 15].Value = AdClicksWithImpressions;
        p[offset + 16].Value = ImpressionsWithAdClicks;
        p[offset + 17].Value = SpendMediaWithLinkClicks;
        p[offset + 18].Value = SpendMediaWithImpressions;
        p[offset + 19].Value = StreamsWithLinkClicks;
    }
}

internal readonly record struct CampaignDayKey(int CampaignKey, int Day, string Currency);

internal readonly record struct CampaignCountryMonthKey(int CampaignKey, string Country, int Month, string Currency);

internal readonly record struct TeamDayKey(int Day, string Currency);

internal readonly record struct TeamCountryDayKey(int Day, string Country, string Currency);

internal readonly record struct TeamCountryMonthKey(string Country, int Month, string Currency);

/// <summary>
/// The changes a batch of metric row writes makes to the rollup tables of one team, summed in memory per
/// rollup row and applied in one pass (<see cref="Apply"/>) inside the writer's transaction. Per row only the
/// campaign-day, campaign-country-month and team-country-day changes are summed; the team-day and
/// team-country-month changes are their sums over campaigns, made when applying.
/// </summary>
internal sealed class RollupDeltas : IDisposable
{
    public const string OverflowMessage =
        "A sum would exceed the largest whole number the store keeps (money over about 9.2 trillion): nothing of this batch was stored.";

    private readonly int _teamId;
    private readonly Dictionary<CampaignDayKey, RollupMeasures> _campaignDay = [];
    private readonly Dictionary<CampaignCountryMonthKey, RollupMeasures> _campaignCountryMonth = [];
    private readonly Dictionary<TeamDayKey, RollupMeasures> _teamDay = [];
    private readonly Dictionary<TeamCountryDayKey, RollupMeasures> _teamCountryDay = [];
    private readonly Dictionary<TeamCountryMonthKey, RollupMeasures> _teamCountryMonth = [];
    private readonly Table _campaignDayTable;
    private readonly Table _campaignCountryMonthTable;
    private readonly Table _teamDayTable;
    private readonly Table _teamCountryDayTable;
    private readonly Table _teamCountryMonthTable;

    public RollupDeltas(SqliteConnection connection, SqliteTransaction transaction, int teamId)
    {
        _teamId = teamId;
        _campaignDayTable = new Table(connection, transaction, "CampaignDayTotals", ["CampaignKey", "Day", "Currency"]);
        _campaignCountryMonthTable = new Table(connection, transaction, "CampaignCountryMonthTotals", ["CampaignKey", "Country", "Month", "Currency"]);
        _teamDayTable = new Table(connection, transaction, "TeamDayTotals", ["TeamId", "Day", "Currency"]);
        _teamCountryDayTable = new Table(connection, transaction, "TeamCountryDayTotals", ["TeamId", "Day", "Country", "Currency"]);
        _teamCountryMonthTable = new Table(connection, transaction, "TeamCountryMonthTotals", ["TeamId", "Country", "Month", "Currency"]);
    }

    /// <summary>How many campaign rollup rows have a pending change.</summary>
    public int CampaignCount => _campaignDay.Count + _campaignCountryMonth.Count;

    /// <summary>How many rollup rows have a pending change (team-day and team-country-month ones not counted).</summary>
    public int Count => CampaignCount + _teamCountryDay.Count;

    /// <summary>Adds (sign 1) or takes away (sign -1) one metric row's contribution to its rollup rows.</summary>
    public void Add(int campaignKey, int day, int month, string country, string currency, in RollupMeasures row, long sign)
    {
        try
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_campaignDay, new(campaignKey, day, currency), out _).Add(row, sign);
            CollectionsMarshal.GetValueRefOrAddDefault(_campaignCountryMonth, new(campaignKey, country, month, currency), out _).Add(row, sign);
            CollectionsMarshal.GetValueRefOrAddDefault(_teamCountryDay, new(day, country, currency), out _).Add(row, sign);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException(OverflowMessage, ex);
        }
    }

    /// <summary>Writes the pending changes to the rollup tables, drops rollup rows left with no rows, and starts over.</summary>
    public void Apply()
    {
        ApplyCampaigns();
        foreach (var (key, delta) in _teamDay)
        {
            _teamDayTable.Apply(delta, _teamId, key.Day, key.Currency);
        }
        foreach (var (key, delta) in _teamCountryDay)
        {
            _teamCountryDayTable.Apply(delta, _teamId, key.Day, key.Country, key.Currency);
        }
        foreach (var (key, delta) in _teamCountryMonth)
        {
            _teamCountryMonthTable.Apply(delta, _teamId, key.Country, key.Month, key.Currency);
        }
        _teamDay.Clear();
        _teamCountryDay.Clear();
        _teamCountryMonth.Clear();
    }

    /// <summary>Writes the pending changes of the campaign tables only (the team ones they imply stay pending).</summary>
    public void ApplyCampaigns()
    {
        try
        {
            ApplyCampaignsCore();
        }
        catch (OverflowException ex) when (ex.Message != OverflowMessage)
        {
            throw new OverflowException(OverflowMessage, ex);
        }
    }

    private void ApplyCampaignsCore()
    {
        foreach (var (key, delta) in _campaignDay)
        {
            _campaignDayTable.Apply(delta, key.CampaignKey, key.Day, key.Currency);
            CollectionsMarshal.GetValueRefOrAddDefault(_teamDay, new(key.Day, key.Currency), out _).Add(delta, 1);
        }
        foreach (var (key, delta) in _campaignCountryMonth)
        {
            _campaignCountryMonthTable.Apply(delta, key.CampaignKey, key.Country, key.Month, key.Currency);
            CollectionsMarshal.GetValueRefOrAddDefault(_teamCountryMonth, new(key.Country, key.Month, key.Currency), out _).Add(delta, 1);
        }
        _campaignDay.Clear();
        _campaignCountryMonth.Clear();
    }

    public void Dispose()
    {
        _campaignDayTable.Dispose();
        _campaignCountryMonthTable.Dispose();
        _teamDayTable.Dispose();
        _teamCountryDayTable.Dispose();
        _teamCountryMonthTable.Dispose();
    }

    /// <summary>One rollup table's prepared statements: add a delta to a row (or create it), drop an emptied row.</summary>
    private sealed class Table : IDisposable
    {
        private readonly SqliteCommand _upsert;
        private readonly SqliteCommand _dropEmpty;
        private readonly SqliteParameter[] _upsertParameters;
        private readonly SqliteParameter[] _key;
        private readonly SqliteParameter[] _dropKey;

        public Table(SqliteConnection connection, SqliteTransaction transaction, string name, string[] keyColumns)
        {
            var measures = RollupMeasures.Columns;
            var keyNames = keyColumns.Select((_, i) => $"$k{i}").ToArray();
            // A delta binds each measure as a number ($m0, $m1, ...). A nullable count is NULL while none of its
            // rows reported it: the delta's value is then added to that count only when its *Rows stays above 0.
            string Value(string column) => $"$m{Array.IndexOf(measures, column)}";
            var values = measures.Select(c => RollupMeasures.Nullable.Contains(c)
                ? $"CASE WHEN {Value(c + "Rows")} > 0 THEN {Value(c)} END"
                : Value(c));
            var sets = measures.Select(c => RollupMeasures.Nullable.Contains(c)
                ? $"{c} = CASE WHEN {c}Rows + {Value(c + "Rows")} > 0 THEN IFNULL({c}, 0) + {Value(c)} END"
                : $"{c} = {c} + {Value(c)}");
            _upsert = connection.CreateCommand();
            _upsert.Transaction = transaction;
            _upsert.CommandText = $"""
                INSERT INTO {name} ({string.Join(", ", keyColumns.Concat(measures))})
                VALUES ({string.Join(", ", keyNames.Concat(values))})
                ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET
                    {string.Join(",\n    ", sets)}
                RETURNING {string.Join(" + ", measures.Select(c => $"(typeof({c}) = 'real')"))}
                """;
            _upsertParameters = keyNames.Concat(measures.Select((_, i) => $"$m{i}"))
                .Select(n => _upsert.Parameters.Add(new SqliteParameter(n, null)))
                .ToArray();
            _key = _upsertParameters[..keyColumns.Length];

            _dropEmpty = connection.CreateCommand();
            _dropEmpty.Transaction = transaction;
            _dropEmpty.CommandText = $"DELETE FROM {name} WHERE {string.Join(" AND ", keyColumns.Select((c, i) => $"{c} = {keyNames[i]}"))} AND Rows = 0";
            _dropKey = keyNames.Select(n => _dropEmpty.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        }

        /// <summary>Adds the delta to the rollup row with these key values (in the table's key column order).</summary>
        public void Apply(in RollupMeasures delta, params ReadOnlySpan<object> key)
        {
            if (delta.IsZero)
            {
                return;
            }
            for (var i = 0; i < key.Length; i++)
            {
                _key[i].Value = key[i];
            }
            delta.Bind(_upsertParameters, _key.Length);
            // SQLite turns an integer sum that overflows into a floating-point value instead of failing.
            if (Convert.ToInt64(_upsert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                throw new OverflowException(OverflowMessage);
            }
            if (delta.Rows < 0)
            {
                // Rows went away (revised into another currency): drop the rollup row if none are left.
                for (var i = 0; i < _dropKey.Length; i++)
                {
                    _dropKey[i].Value = key[i];
                }
                _dropEmpty.ExecuteNonQuery();
            }
        }

        public void Dispose()
        {
            _upsert.Dispose();
            _dropEmpty.Dispose();
        }
    }
}
