using System.Globalization;
using System.Text;
using System.Text.Json;
using Soundlink.Client.Validation;

namespace Soundlink.Client.Export;

/// <summary>
/// Validates one JSONL line against campaign_country_daily v1.0 (see shared/soundlink-api.md) and builds the row.
/// One instance per stream: it caches the last string and date of each field, since consecutive lines
/// of an export repeat them.
/// </summary>
internal sealed class RowParser
{
    private enum Kind { Text, Count, Number, Money }

    private readonly record struct Field(string Name, Kind Kind, bool Required, bool Nullable);

    private const int Provider = 0, AccountId = 1, SchemaVersion = 2, ReportDate = 3, ReportDateTimezone = 4,
        ExportedAt = 5, CampaignId = 6, CampaignName = 7, TargetType = 8, TargetIsrc = 9, TargetTrack = 10,
        TargetPlaylist = 11, CountryCode = 12, Impressions = 13, AdClicks = 14, LinkClicks = 15, Streams = 16,
        Listeners = 17, Followers = 18, StreamsPerListener = 19, SpendMedia = 20, SpendTotal = 21, Fees = 22,
        Currency = 23, CurrencyAccount = 24, Cpl = 25, Cpf = 26, CpcLinkClick = 27, CtrLinkClick = 28,
        CtrAdClick = 29, CostPerResult = 30, ResultType = 31;

    private static readonly Field[] Fields =
    [
        new("provider", Kind.Text, true, false),
        new("account_id", Kind.Text, true, false),
        new("schema_version", Kind.Text, true, false),
        new("report_date", Kind.Text, true, false),
        new("report_date_timezone", Kind.Text, true, false),
        new("exported_at", Kind.Text, true, false),
        new("campaign_id", Kind.Text, true, false),
        new("campaign_name", Kind.Text, true, false),
        new("campaign_target_type", Kind.Text, true, true),
        new("campaign_target_isrc", Kind.Text, false, true),
        new("campaign_target_spotify_track_id", Kind.Text, false, true),
        new("campaign_target_playlist_id", Kind.Text, false, true),
        new("country_code", Kind.Text, true, false),
        new("impressions", Kind.Count, false, true),
        new("ad_clicks", Kind.Count, false, true),
        new("link_clicks", Kind.Count, false, true),
        new("streams", Kind.Count, true, false),
        new("listeners", Kind.Count, true, false),
        new("followers", Kind.Count, true, false),
        new("streams_per_listener", Kind.Number, true, false),
        new("spend_media", Kind.Money, true, false),
        new("spend_total", Kind.Money, true, false),
        new("fees", Kind.Money, true, false),
        new("currency", Kind.Text, true, false),
        new("currency_account", Kind.Text, true, false),
        new("cpl", Kind.Number, true, false),
        new("cpf", Kind.Number, true, false),
        new("cpc_linkclick", Kind.Number, false, true),
        new("ctr_linkclick", Kind.Number, false, true),
        new("ctr_adclick", Kind.Number, false, true),
        new("cost_per_result", Kind.Number, true, false),
        new("result_type", Kind.Text, false, true),
    ];

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> FieldIndex =
        Fields.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Amounts are kept to the millionth; larger magnitudes than this are refused as implausible.</summary>
    public const decimal MaxAbsoluteAmount = 1_000_000_000_000m;

    private readonly byte[]?[] _lastBytes = new byte[Fields.Length][];
    private readonly string?[] _lastStrings = new string[Fields.Length];
    private DateOnly _lastDate;
    private DateTimeOffset _lastExportedAt;

    // Per-line state, reset by Parse.
    private readonly string?[] _text = new string[Fields.Length];
    private readonly long?[] _count = new long?[Fields.Length];
    private readonly double?[] _number = new double?[Fields.Length];
    private readonly decimal?[] _money = new decimal?[Fields.Length];
    private ulong _seen;
    private DateOnly _date;
    private DateTimeOffset _exported;
    private string? _firstValueError;

    public CampaignCountryDailyRow? Parse(ReadOnlySpan<byte> line, out string? error)
    {
        _seen = 0;
        _firstValueError = null;
        try
        {
            error = ReadObject(line);
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON: {FirstSentence(ex.Message)} (at character {ex.BytePositionInLine + 1})";
        }
        catch (InvalidOperationException)
        {
            error = "not valid UTF-8 text";
        }
        if (error is not null)
        {
            return null;
        }
        error = Check();
        return error is null ? Build() : null;
    }

    private string? ReadObject(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return $"the line is not a JSON object (it starts with {TokenName(reader.TokenType)})";
        }
        Span<char> name = stackalloc char[64];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = Lookup(ref reader, name);
            reader.Read();
            if (index < 0)
            {
                reader.Skip();
                continue;
            }
            var bit = 1UL << index;
            if ((_seen & bit) != 0)
            {
                return $"field \"{Fields[index].Name}\" appears twice";
            }
            _seen |= bit;
            ReadValue(ref reader, index);
        }
        if (reader.Read())
        {
            return "unexpected content after the JSON object";
        }
        return null;
    }

    private static int Lookup(ref Utf8JsonReader reader, scoped Span<char> buffer)
    {
        var raw = reader.ValueSpan;
        if (raw.Length > buffer.Length)
        {
            return -1;
        }
        int length;
        if (reader.ValueIsEscaped)
        {
            length = reader.CopyString(buffer);
        }
        else
        {
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] >= 0x80)
                {
                    return -1;
                }
                buffer[i] = (char)raw[i];
            }
            length = raw.Length;
        }
        return FieldIndex.TryGetValue(buffer[..length], out var index) ? index : -1;
    }

    private void ReadValue(ref Utf8JsonReader reader, int index)
    {
        var field = Fields[index];
        _text[index] = null;
        _count[index] = null;
        _number[index] = null;
        _money[index] = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (!field.Nullable)
            {
                ValueError($"field \"{field.Name}\" must not be null");
            }
            return;
        }
        switch (field.Kind)
        {
            case Kind.Text when reader.TokenType == JsonTokenType.String:
                ReadText(ref reader, index);
                break;
            case Kind.Count when reader.TokenType == JsonTokenType.Number:
                if (!reader.TryGetInt64(out var count))
                {
                    ValueError($"field \"{field.Name}\" must be a whole number, got {Excerpt(reader.ValueSpan)}");
                }
                else if (count < 0)
                {
                    ValueError($"field \"{field.Name}\" must not be negative, got {count}");
                }
                else if (count > int.MaxValue)
                {
                    ValueError($"field \"{field.Name}\" is out of range, got {count}");
                }
                else
                {
                    _count[index] = count;
                }
                break;
            case Kind.Number when reader.TokenType == JsonTokenType.Number:
                if (reader.TryGetDouble(out var number) && double.IsFinite(number))
                {
                    _number[index] = number;
                }
                else
                {
                    ValueError($"field \"{field.Name}\" must be a finite number, got {Excerpt(reader.ValueSpan)}");
                }
                break;
            case Kind.Money when reader.TokenType == JsonTokenType.Number:
                if (TryGetAmount(ref reader, out var amount))
                {
                    _money[index] = amount;
                }
                else
                {
                    ValueError($"field \"{field.Name}\" must be an amount within ±{MaxAbsoluteAmount:0}, got {Excerpt(reader.ValueSpan)}");
                }
                break;
            default:
                var expected = field.Kind switch
                {
                    Kind.Text => "a string",
                    Kind.Count => "a whole number",
                    _ => "a number",
                };
                ValueError($"field \"{field.Name}\" must be {expected}{(field.Nullable ? " or null" : "")}, got {TokenName(reader.TokenType)}");
                // Step over an object or array value, so its members are not taken for the row's own.
                reader.Skip();
                break;
        }
    }

    private static bool TryGetAmount(ref Utf8JsonReader reader, out decimal amount)
    {
        if (!reader.TryGetDecimal(out amount))
        {
            if (!reader.TryGetDouble(out var d) || !double.IsFinite(d) || Math.Abs(d) >= (double)MaxAbsoluteAmount)
            {
                return false;
            }
            amount = (decimal)d;
        }
        return Math.Abs(amount) < MaxAbsoluteAmount;
    }

    private void ReadText(ref Utf8JsonReader reader, int index)
    {
        var raw = reader.ValueSpan;
        var last = _lastBytes[index];
        if (!reader.ValueIsEscaped && last is not null && raw.SequenceEqual(last))
        {
            _text[index] = _lastStrings[index];
            return;
        }
        var value = reader.GetString()!;
        var error = index switch
        {
            ReportDate => TryParseDate(value, out _date) ? null : $"report_date must be a real calendar date as YYYY-MM-DD, got \"{Clip(value)}\"",
            ExportedAt => TryParseTimestamp(value, out _exported) ? null : $"exported_at must be an ISO-8601 date-time with a UTC offset, got \"{Clip(value)}\"",
            _ => null,
        };
        if (error is not null)
        {
            ValueError(error);
            return;
        }
        _text[index] = value;
        if (!reader.ValueIsEscaped && raw.Length <= 256)
        {
            _lastBytes[index] = raw.ToArray();
            _lastStrings[index] = value;
            if (index == ReportDate)
            {
                _lastDate = _date;
            }
            else if (index == ExportedAt)
            {
                _lastExportedAt = _exported;
            }
        }
    }

    private void ValueError(string message) => _firstValueError ??= message;

    private string? Check()
    {
        var version = Optional(SchemaVersion);
        if (version is not null && version != CampaignCountryDailyRow.SupportedSchemaVersion)
        {
            return $"schema_version \"{Clip(version)}\" is not supported (expected \"1.0\")";
        }
        var provider = Optional(Provider);
        if (provider is not null && provider != "soundlink")
        {
            return $"provider must be \"soundlink\", got \"{Clip(provider)}\"";
        }
        if (_firstValueError is not null)
        {
            return _firstValueError;
        }
        for (var i = 0; i < Fields.Length; i++)
        {
            if (Fields[i].Required && (_seen & (1UL << i)) == 0)
            {
                return $"missing required field \"{Fields[i].Name}\"";
            }
        }
        if (_text[ReportDateTimezone] != "UTC")
        {
            return $"report_date_timezone must be \"UTC\", got \"{Clip(_text[ReportDateTimezone]!)}\"";
        }
        // The contract says account_id is a UUID, but only its identity matters here: any well-formed id is kept.
        if ((Identifiers.IdProblem(_text[AccountId], "account_id") ?? Identifiers.IdProblem(_text[CampaignId])
            ?? Identifiers.NameProblem(_text[CampaignName])) is { } idProblem)
        {
            return idProblem;
        }
        if (!IsUpperLetters(_text[CountryCode]!, 2))
        {
            return $"country_code must be two uppercase letters (ISO 3166-1 alpha-2), got \"{Clip(_text[CountryCode]!)}\"";
        }
        if (!CountryCodes.IsKnown(_text[CountryCode]!))
        {
            return $"country_code \"{_text[CountryCode]}\" is not an ISO 3166-1 alpha-2 country (nor XK, Kosovo)";
        }
        foreach (var currency in (ReadOnlySpan<int>)[Currency, CurrencyAccount])
        {
            if (!IsUpperLetters(_text[currency]!, 3))
            {
                return $"{Fields[currency].Name} must be a three-letter uppercase currency code, got \"{Clip(_text[currency]!)}\"";
            }
        }
        if (Optional(TargetType) is { } target && target is not ("track" or "playlist"))
        {
            return $"campaign_target_type must be \"track\", \"playlist\" or null, got \"{Clip(target)}\"";
        }
        if (Optional(ResultType) is { } result && result is not ("lp_click" or "stream" or "follow"))
        {
            return $"result_type must be \"lp_click\", \"stream\", \"follow\" or null, got \"{Clip(result)}\"";
        }
        return null;
    }

    private CampaignCountryDailyRow Build()
    {
        // When a date string came from the cache, the parsed value is the cached one.
        var date = ReferenceEquals(_text[ReportDate], _lastStrings[ReportDate]) ? _lastDate : _date;
        var exported = ReferenceEquals(_text[ExportedAt], _lastStrings[ExportedAt]) ? _lastExportedAt : _exported;
        return new CampaignCountryDailyRow
        {
            Provider = _text[Provider]!,
            AccountId = _text[AccountId]!,
            ReportDate = date,
            ExportedAt = exported,
            CampaignId = _text[CampaignId]!,
            CampaignName = _text[CampaignName]!,
            CampaignTargetType = Optional(TargetType),
            CampaignTargetIsrc = Optional(TargetIsrc),
            CampaignTargetSpotifyTrackId = Optional(TargetTrack),
            CampaignTargetPlaylistId = Optional(TargetPlaylist),
            CountryCode = _text[CountryCode]!,
            Impressions = OptionalCount(Impressions),
            AdClicks = OptionalCount(AdClicks),
            LinkClicks = OptionalCount(LinkClicks),
            Streams = _count[Streams]!.Value,
            Listeners = _count[Listeners]!.Value,
            Followers = _count[Followers]!.Value,
            StreamsPerListener = _number[StreamsPerListener]!.Value,
            SpendMedia = _money[SpendMedia]!.Value,
            SpendTotal = _money[SpendTotal]!.Value,
            Fees = _money[Fees]!.Value,
            Currency = _text[Currency]!,
            CurrencyAccount = _text[CurrencyAccount]!,
            Cpl = _number[Cpl]!.Value,
            Cpf = _number[Cpf]!.Value,
            CpcLinkClick = OptionalNumber(CpcLinkClick),
            CtrLinkClick = OptionalNumber(CtrLinkClick),
            CtrAdClick = OptionalNumber(CtrAdClick),
            CostPerResult = _number[CostPerResult]!.Value,
            ResultType = Optional(ResultType),
        };
    }

    private bool Seen(int index) => (_seen & (1UL << index)) != 0;
    private string? Optional(int index) => Seen(index) ? _text[index] : null;
    private long? OptionalCount(int index) => Seen(index) ? _count[index] : null;
    private double? OptionalNumber(int index) => Seen(index) ? _number[index] : null;

    internal static bool TryParseDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    internal static bool TryParseTimestamp(string value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        // 'K' also accepts no offset at all (local time): refuse that, the contract says UTC.
        var hasOffset = value.EndsWith('Z') ||
            (value.Length > 6 && value[^6] is '+' or '-' && value[^3] == ':');
        return hasOffset && DateTimeOffset.TryParseExact(value, TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.None, out timestamp);
    }

    private static bool IsUpperLetters(string value, int length)
    {
        if (value.Length != length)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c is < 'A' or > 'Z')
            {
                return false;
            }
        }
        return true;
    }

    private static string TokenName(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => "nothing",
    };

    private static string Excerpt(ReadOnlySpan<byte> raw) => Clip(Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 64)]));

    private static string Clip(string value) => Identifiers.Defang(value.Length <= 64 ? value : value[..64] + "…");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
