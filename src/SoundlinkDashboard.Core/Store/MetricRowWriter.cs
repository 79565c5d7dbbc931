using System.Globalization;
using Microsoft.Data.Sqlite;
using Soundlink.Client.Export;

namespace SoundlinkDashboard.Core.Store;

public readonly record struct UpsertCounts(long Inserted, long Updated, long Unchanged)
{
    public long Accepted => Inserted + Updated + Unchanged;
}

/// <summary>
/// THE write path for metric rows, shared by import, sync and demo seeding. Works inside the caller's
/// transaction: upserts on (campaign, day, country) where the newest exported_at wins (an older or equal
/// re-delivery changes nothing), keeps each campaign's name, targets and date span current, and keeps the
/// five rollup tables (see RollupAudit.Tables) equal to the sums of
/// the rows: each stored row's change (new values minus the values it replaces) is summed in memory and
/// applied by <see cref="Complete"/>.
/// </summary>
public sealed class MetricRowWriter : IDisposable
{
    private const string InsertSql = """
        INSERT INTO MetricRows (CampaignKey, Day, Country, ExportedAt, Impressions, AdClicks, LinkClicks,
            Streams, Listeners, Followers, SpendMedia, SpendTotal, Fees, Currency, CurrencyAccount, ResultType)
        VALUES ($k, $d, $c, $e, $imp, $ac, $lc, $s, $l, $f, $sm, $st, $fe, $cur, $cura, $rt)
        """;

    private const string UpsertSql = InsertSql + """

        ON CONFLICT (CampaignKey, Day, Country) DO UPDATE SET
            ExportedAt = excluded.ExportedAt, Impressions = excluded.Impressions, AdClicks = excluded.AdClicks,
            LinkClicks = excluded.LinkClicks, Streams = excluded.Streams, Listeners = excluded.Listeners,
            Followers = excluded.Followers, SpendMedia = excluded.SpendMedia, SpendTotal = excluded.SpendTotal,
            Fees = excluded.Fees, Currency = excluded.Currency, CurrencyAccount = excluded.CurrencyAccount,
            ResultType = excluded.ResultType
        WHERE excluded.ExportedAt > MetricRows.ExportedAt
        """;

    /// <summary>The stored row a write would replace: its exported_at and what it contributes to the rollups.</summary>
    private const string StoredSql = """
        SELECT ExportedAt, Impressions, AdClicks, LinkClicks, Streams, Listeners, Followers, SpendMedia, SpendTotal, Fees,
            Currency = $cur, Currency
        FROM MetricRows WHERE CampaignKey = $k AND Day = $d AND Country = $c
        """;

    /// <summary>Pending rollup changes are applied when this many rollup rows have one, to bound memory on huge batches.</summary>
    private readonly int _applyRollupsAt;

    /// <summary>
    /// A campaign's pending rollup changes are final once the rows move on to another campaign (until it comes
    /// back): they are applied then, when at least this many are pending, to keep memory low.
    /// </summary>
    private readonly int _applyCampaignRollupsAt;

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly int _teamId;
    private readonly SqliteCommand _upsert;
    private readonly SqliteParameter[] _upsertValues;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _insertValues;
    private readonly SqliteCommand _stored;
    private readonly SqliteParameter[] _storedKey;
    private readonly RollupDeltas _rollups;
    private readonly Dictionary<string, CampaignState> _campaigns = new(StringComparer.Ordinal);
    private CampaignState? _last;
    private long _accepted;
    private long _inserted;
    private long _updated;
    private int _boxedDay = int.MinValue;
    private object _boxedDayValue = 0;

    public MetricRowWriter(SqliteConnection connection, SqliteTransaction transaction, int teamId)
        : this(connection, transaction, teamId, applyRollupsAt: 250_000, applyCampaignRollupsAt: 8_192)
    {
    }

    /// <summary>With other thresholds for applying pending rollup changes mid-batch (tests use tiny ones).</summary>
    internal MetricRowWriter(SqliteConnection connection, SqliteTransaction transaction, int teamId,
        int applyRollupsAt, int applyCampaignRollupsAt)
    {
        _applyRollupsAt = applyRollupsAt;
        _applyCampaignRollupsAt = applyCampaignRollupsAt;
        _connection = connection;
        _transaction = transaction;
        _teamId = teamId;
        string[] names = ["$k", "$d", "$c", "$e", "$imp", "$ac", "$lc", "$s", "$l", "$f", "$sm", "$st", "$fe", "$cur", "$cura", "$rt"];
        _upsert = Command(UpsertSql);
        _upsertValues = names.Select(n => _upsert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        _upsert.Prepare();
        _insert = Command(InsertSql);
        _insertValues = names.Select(n => _insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        _insert.Prepare();
        _stored = Command(StoredSql);
        _storedKey = ((string[])["$k", "$d", "$c", "$cur"]).Select(n => _stored.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        _stored.Prepare();
        _rollups = new RollupDeltas(connection, transaction, teamId);
    }

    /// <returns>null when the row was stored (or was already as new), else why it was refused.</returns>
    public string? Write(CampaignCountryDailyRow row)
    {
        var campaign = _last is not null && _last.CampaignId == row.CampaignId ? _last : Resolve(row);
        if (campaign != _last && _rollups.CampaignCount >= _applyCampaignRollupsAt)
        {
            _rollups.ApplyCampaigns();
        }
        if (campaign.AccountId.Length == 0)
        {
            // Registered before any data arrived, by an API that did not name the organisation: the first row does.
            campaign.AccountId = row.AccountId;
            campaign.Dirty = true;
        }
        if (campaign.AccountId != row.AccountId || campaign.Provider != row.Provider)
        {
            return $"campaign {row.CampaignId} belongs to account {campaign.AccountId}, this row names account {row.AccountId}";
        }
        _last = campaign;
        campaign.Observe(row);

        var day = StoreEncoding.ToDay(row.ReportDate);
        if (day != _boxedDay)
        {
            // Rows come by date then country: box each day once for the statements.
            _boxedDay = day;
            _boxedDayValue = day;
        }
        var exportedAt = StoreEncoding.ToExportedAt(row.ExportedAt);
        var replaced = false;
        RollupMeasures old = default;
        var oldCurrency = row.Currency;
        // A key the campaign surely lacks needs no look for the row it would replace (the usual case: exports
        // come by date, new dates after stored ones). Its plain INSERT would fail if that were ever wrong.
        var isNew = campaign.SurelyNew(day, row.CountryCode);
        if (!isNew)
        {
            _storedKey[0].Value = campaign.BoxedKey;
            _storedKey[1].Value = _boxedDayValue;
            _storedKey[2].Value = row.CountryCode;
            _storedKey[3].Value = row.Currency;
            using var stored = _stored.ExecuteReader();
            if (stored.Read())
            {
                if (stored.GetInt64(0) >= exportedAt)
                {
                    // An older or equal re-delivery changes nothing.
                    _accepted++;
                    return null;
                }
                replaced = true;
                old = RollupMeasures.Of(NullableLong(stored, 1), NullableLong(stored, 2), NullableLong(stored, 3),
                    stored.GetInt64(4), stored.GetInt64(5), stored.GetInt64(6), stored.GetInt64(7), stored.GetInt64(8),
                    stored.GetInt64(9));
                if (!stored.GetBoolean(10))
                {
                    oldCurrency = stored.GetString(11);
                }
            }
        }

        var spendMedia = StoreEncoding.ToMicros(row.SpendMedia);
        var spendTotal = StoreEncoding.ToMicros(row.SpendTotal);
        var fees = StoreEncoding.ToMicros(row.Fees);
        var p = isNew ? _insertValues : _upsertValues;
        p[0].Value = campaign.BoxedKey;
        p[1].Value = _boxedDayValue;
        p[2].Value = row.CountryCode;
        p[3].Value = exportedAt;
        p[4].Value = (object?)row.Impressions ?? DBNull.Value;
        p[5].Value = (object?)row.AdClicks ?? DBNull.Value;
        p[6].Value = (object?)row.LinkClicks ?? DBNull.Value;
        p[7].Value = row.Streams;
        p[8].Value = row.Listeners;
        p[9].Value = row.Followers;
        p[10].Value = spendMedia;
        p[11].Value = spendTotal;
        p[12].Value = fees;
        p[13].Value = row.Currency;
        // The account currency is nearly always the spend currency: store it only when it differs.
        p[14].Value = row.CurrencyAccount == row.Currency ? DBNull.Value : row.CurrencyAccount;
        p[15].Value = (object?)StoreEncoding.ToResultTypeCode(row.ResultType) ?? DBNull.Value;
        if ((isNew ? _insert : _upsert).ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"metric row {campaign.Key}/{day}/{row.CountryCode} changed under the writer");
        }
        campaign.Stored(day, row.CountryCode);
        _accepted++;

        var month = day - (row.ReportDate.Day - 1);
        if (replaced)
        {
            _updated++;
            _rollups.Add(campaign.Key, day, month, row.CountryCode, oldCurrency, old, -1);
        }
        else
        {
            _inserted++;
        }
        var added = RollupMeasures.Of(row.Impressions, row.AdClicks, row.LinkClicks, row.Streams, row.Listeners,
            row.Followers, spendMedia, spendTotal, fees);
        _rollups.Add(campaign.Key, day, month, row.CountryCode, row.Currency, added, 1);
        if (_rollups.Count >= _applyRollupsAt)
        {
            _rollups.Apply();
        }
        return null;
    }

    private static long? NullableLong(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>Applies the rollup changes, saves campaign changes and tells what the rows did. Call before committing.</summary>
    public UpsertCounts Complete()
    {
        _rollups.Apply();
        foreach (var campaign in _campaigns.Values)
        {
            if (campaign.Dirty)
            {
                SaveCampaign(campaign);
            }
        }
        return new UpsertCounts(_inserted, _updated, _accepted - _inserted - _updated);
    }

    private CampaignState Resolve(CampaignCountryDailyRow row)
    {
        if (_campaigns.TryGetValue(row.CampaignId, out var known))
        {
            return known;
        }
        using var select = Command("""
            SELECT Id, Provider, AccountId, Name, NameExportedAt, TargetType, TargetIsrc, TargetSpotifyTrackId,
                   TargetPlaylistId, FirstReportDate, LastReportDate
            FROM Campaigns WHERE TeamId = $t AND CampaignId = $c
            """);
        select.Parameters.AddWithValue("$t", _teamId);
        select.Parameters.AddWithValue("$c", row.CampaignId);
        CampaignState state;
        using (var reader = select.ExecuteReader())
        {
            if (reader.Read())
            {
                state = new CampaignState(row.CampaignId, reader.GetString(1), reader.GetString(2))
                {
                    Key = reader.GetInt32(0),
                    Name = reader.GetString(3),
                    NameExportedAt = reader.IsDBNull(4) ? null : reader.GetInt64(4),
                    TargetType = reader.IsDBNull(5) ? null : reader.GetString(5),
                    TargetIsrc = reader.IsDBNull(6) ? null : reader.GetString(6),
                    TargetSpotifyTrackId = reader.IsDBNull(7) ? null : reader.GetString(7),
                    TargetPlaylistId = reader.IsDBNull(8) ? null : reader.GetString(8),
                    First = reader.IsDBNull(9) ? null : DateOnly.ParseExact(reader.GetString(9), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Last = reader.IsDBNull(10) ? null : DateOnly.ParseExact(reader.GetString(10), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                };
            }
            else
            {
                state = new CampaignState(row.CampaignId, row.Provider, row.AccountId) { Name = row.CampaignName };
            }
        }
        if (state.Key == 0)
        {
            using var insert = Command("""
                INSERT INTO Campaigns (TeamId, Provider, AccountId, CampaignId, Name)
                VALUES ($t, $p, $a, $c, $n) RETURNING Id
                """);
            insert.Parameters.AddWithValue("$t", _teamId);
            insert.Parameters.AddWithValue("$p", row.Provider);
            insert.Parameters.AddWithValue("$a", row.AccountId);
            insert.Parameters.AddWithValue("$c", row.CampaignId);
            insert.Parameters.AddWithValue("$n", row.CampaignName);
            state.Key = Convert.ToInt32(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
            state.Dirty = true;
        }
        else
        {
            using var lastDay = Command("SELECT MAX(Day) FROM MetricRows WHERE CampaignKey = $k");
            lastDay.Parameters.AddWithValue("$k", state.Key);
            if (lastDay.ExecuteScalar() is long day)
            {
                state.StoredBefore(checked((int)day));
            }
        }
        _campaigns.Add(row.CampaignId, state);
        return state;
    }

    private void SaveCampaign(CampaignState c)
    {
        using var update = Command("""
            UPDATE Campaigns SET AccountId = $a, Name = $n, NameExportedAt = $e, TargetType = $tt, TargetIsrc = $ti,
                TargetSpotifyTrackId = $ts, TargetPlaylistId = $tp, FirstReportDate = $first, LastReportDate = $last
            WHERE Id = $id
            """);
        update.Parameters.AddWithValue("$a", c.AccountId);
        update.Parameters.AddWithValue("$n", c.Name);
        update.Parameters.AddWithValue("$e", (object?)c.NameExportedAt ?? DBNull.Value);
        update.Parameters.AddWithValue("$tt", (object?)c.TargetType ?? DBNull.Value);
        update.Parameters.AddWithValue("$ti", (object?)c.TargetIsrc ?? DBNull.Value);
        update.Parameters.AddWithValue("$ts", (object?)c.TargetSpotifyTrackId ?? DBNull.Value);
        update.Parameters.AddWithValue("$tp", (object?)c.TargetPlaylistId ?? DBNull.Value);
        update.Parameters.AddWithValue("$first", (object?)c.First?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
        update.Parameters.AddWithValue("$last", (object?)c.Last?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
        update.Parameters.AddWithValue("$id", c.Key);
        update.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _insert.Dispose();
        _stored.Dispose();
        _rollups.Dispose();
    }

    private sealed class CampaignState(string campaignId, string provider, string accountId)
    {
        public string CampaignId { get; } = campaignId;
        public string Provider { get; } = provider;
        public string AccountId { get; set; } = accountId;
        public int Key
        {
            get;
            set
            {
                field = value;
                BoxedKey = value;
            }
        }
        /// <summary>The key boxed once, for the statements' parameters.</summary>
        public object BoxedKey { get; private set; } = 0;

        // No stored row of the campaign is dated after _lastDay (none at all while !_anyStored). When this writer
        // began that day, _lastDayCountries holds every country stored on it; else it is null (unknown).
        private bool _anyStored;
        private int _lastDay;
        private HashSet<string>? _lastDayCountries;

        /// <summary>Whether the campaign surely has no stored row with this key.</summary>
        public bool SurelyNew(int day, string country) =>
            !_anyStored || day > _lastDay || (day == _lastDay && _lastDayCountries is { } known && !known.Contains(country));

        /// <summary>Notes the last day with rows stored before this writer (countries unknown).</summary>
        public void StoredBefore(int lastDay)
        {
            _anyStored = true;
            _lastDay = lastDay;
            _lastDayCountries = null;
        }

        /// <summary>Notes that this writer stored a row with this key.</summary>
        public void Stored(int day, string country)
        {
            if (!_anyStored || day > _lastDay)
            {
                _anyStored = true;
                _lastDay = day;
                _lastDayCountries ??= new HashSet<string>(StringComparer.Ordinal);
                _lastDayCountries.Clear();
            }
            if (day == _lastDay)
            {
                _lastDayCountries?.Add(country);
            }
        }

        public bool Dirty { get; set; }
        public required string Name { get; set; }
        public long? NameExportedAt { get; set; }
        public DateOnly? NameReportDate { get; set; }
        public string? TargetType { get; set; }
        public string? TargetIsrc { get; set; }
        public string? TargetSpotifyTrackId { get; set; }
        public string? TargetPlaylistId { get; set; }
        public DateOnly? First { get; set; }
        public DateOnly? Last { get; set; }

        public void Observe(CampaignCountryDailyRow row)
        {
            if (First is null || row.ReportDate < First)
            {
                First = row.ReportDate;
                Dirty = true;
            }
            if (Last is null || row.ReportDate > Last)
            {
                Last = row.ReportDate;
                Dirty = true;
            }
            // Latest wins: the newest export, and within one export the latest report date.
            var exported = row.ExportedAt.ToUnixTimeMilliseconds();
            if (NameExportedAt is null || exported > NameExportedAt ||
                (exported == NameExportedAt && NameReportDate is { } seen && row.ReportDate > seen))
            {
                NameExportedAt = exported;
                NameReportDate = row.ReportDate;
                Name = row.CampaignName;
                TargetType = row.CampaignTargetType ?? TargetType;
                TargetIsrc = row.CampaignTargetIsrc ?? TargetIsrc;
                TargetSpotifyTrackId = row.CampaignTargetSpotifyTrackId ?? TargetSpotifyTrackId;
                TargetPlaylistId = row.CampaignTargetPlaylistId ?? TargetPlaylistId;
                Dirty = true;
            }
        }
    }
}
