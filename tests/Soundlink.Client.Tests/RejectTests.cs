using Soundlink.Client.Tests.Support;

namespace Soundlink.Client.Tests;

/// <summary>Every validation rule of campaign_country_daily v1.0: the line is rejected and the reason names the field.</summary>
public class RejectTests
{
    public static TheoryData<string> RequiredFields =>
    [
        "provider", "account_id", "schema_version", "report_date", "report_date_timezone", "exported_at",
        "campaign_id", "campaign_name", "campaign_target_type", "country_code", "streams", "listeners", "followers",
        "streams_per_listener", "spend_media", "spend_total", "fees", "currency", "currency_account", "cpl", "cpf",
        "cost_per_result",
    ];

    public static TheoryData<string> NonNullableFields =>
    [
        "provider", "account_id", "schema_version", "report_date", "report_date_timezone", "exported_at",
        "campaign_id", "campaign_name", "country_code", "streams", "listeners", "followers",
        "streams_per_listener", "spend_media", "spend_total", "fees", "currency", "currency_account", "cpl", "cpf",
        "cost_per_result",
    ];

    public static TheoryData<string> CountFields => ["streams", "listeners", "followers", "impressions", "ad_clicks", "link_clicks"];

    public static TheoryData<string> NumberFields =>
    [
        "streams_per_listener", "spend_media", "spend_total", "fees", "cpl", "cpf", "cost_per_result",
        "cpc_linkclick", "ctr_linkclick", "ctr_adclick",
    ];

    public static TheoryData<string> TextFields =>
    [
        "provider", "account_id", "schema_version", "report_date", "report_date_timezone", "exported_at",
        "campaign_id", "campaign_name", "campaign_target_type", "campaign_target_isrc",
        "campaign_target_spotify_track_id", "campaign_target_playlist_id", "country_code", "currency",
        "currency_account", "result_type",
    ];

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task Rejects_a_missing_required_field(string field)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().Without(field));

        Assert.Contains($"\"{field}\"", reason);
        Assert.Contains("missing", reason);
    }

    [Theory]
    [MemberData(nameof(NonNullableFields))]
    public async Task Rejects_null_in_a_non_nullable_field(string field)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithNull(field));

        Assert.Contains(field, reason);
        Assert.Contains("null", reason);
    }

    [Theory]
    [MemberData(nameof(CountFields))]
    public async Task Rejects_a_count_given_as_string(string field)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With(field, "203"));

        Assert.Contains($"\"{field}\"", reason);
        Assert.Contains("string", reason);
    }

    [Theory]
    [MemberData(nameof(NumberFields))]
    public async Task Rejects_a_number_given_as_string(string field)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With(field, "42.50"));

        Assert.Contains($"\"{field}\"", reason);
        Assert.Contains("string", reason);
    }

    [Theory]
    [MemberData(nameof(TextFields))]
    public async Task Rejects_a_text_field_given_as_number(string field)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw(field, "1.0"));

        Assert.Contains($"\"{field}\"", reason);
        Assert.Contains("number", reason);
    }

    [Theory]
    [InlineData("streams", "true")]
    [InlineData("spend_media", "false")]
    [InlineData("campaign_name", "true")]
    public async Task Rejects_a_boolean_in_a_typed_field(string field, string value)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw(field, value));

        Assert.Contains($"\"{field}\"", reason);
        Assert.Contains("boolean", reason);
    }

    [Theory]
    [InlineData("streams", """{"value": 203}""", "an object")]
    [InlineData("campaign_name", """{"campaign_id": "x", "streams": 1}""", "an object")]
    [InlineData("spend_media", "[42.5]", "an array")]
    [InlineData("impressions", "[]", "an array")]
    public async Task Rejects_an_object_or_array_in_a_typed_field_naming_that_field(string field, string value, string got)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw(field, value));

        Assert.Contains($"\"{field}\"", reason);
        Assert.Contains(got, reason);
    }

    [Theory]
    [MemberData(nameof(CountFields))]
    public async Task Rejects_a_fraction_for_a_count(string field)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw(field, "1.5"));

        Assert.Contains($"\"{field}\"", reason);
        Assert.Contains("whole number", reason);
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("1e2")]
    public async Task Rejects_a_count_written_with_a_fraction_or_exponent(string value)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw("listeners", value));

        Assert.Contains("\"listeners\"", reason);
    }

    [Theory]
    [MemberData(nameof(CountFields))]
    public async Task Rejects_a_negative_count(string field)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw(field, "-1"));

        Assert.Contains($"\"{field}\"", reason);
        Assert.Contains("negative", reason);
    }

    [Fact]
    public async Task Rejects_a_count_too_large_to_be_real()
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw("streams", "99999999999999999999999"));

        Assert.Contains("\"streams\"", reason);
    }

    [Theory]
    [MemberData(nameof(NumberFields))]
    public async Task Rejects_a_number_that_is_not_finite(string field)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw(field, "1e400"));

        Assert.Contains($"\"{field}\"", reason);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task Rejects_non_json_number_literals(string literal)
    {
        var line = RowJson.Valid().ToLine().Replace("\"cpl\":0.293", $"\"cpl\":{literal}");

        var reason = await ExportBody.RejectedReasonAsync(line);

        Assert.Contains("not valid JSON", reason);
    }

    [Fact]
    public async Task Rejects_an_implausibly_large_amount()
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithRaw("spend_total", "1e15"));

        Assert.Contains("\"spend_total\"", reason);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2027-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-04-31")]
    [InlineData("2026-4-1")]
    [InlineData("2026/04/01")]
    [InlineData("2026-04-01T00:00:00Z")]
    [InlineData("")]
    public async Task Rejects_a_report_date_that_is_not_a_real_calendar_date(string date)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("report_date", date));

        Assert.Contains("report_date", reason);
        Assert.Contains(date, reason);
    }

    [Theory]
    [InlineData("2026-05-20T03:00:00")]
    [InlineData("2026-05-20T03:00:00.5")]
    [InlineData("2026-05-20 03:00:00Z")]
    [InlineData("2026-05-20")]
    [InlineData("2026-02-30T03:00:00Z")]
    [InlineData("yesterday")]
    public async Task Rejects_exported_at_without_offset_or_not_a_date_time(string exportedAt)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("exported_at", exportedAt));

        Assert.Contains("exported_at", reason);
    }

    [Theory]
    [InlineData("us")]
    [InlineData("Us")]
    [InlineData("USA")]
    [InlineData("U")]
    [InlineData("")]
    [InlineData("U1")]
    [InlineData("ÜS")]
    public async Task Rejects_a_country_code_that_is_not_two_uppercase_letters(string country)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("country_code", country));

        Assert.Contains("country_code", reason);
    }

    [Fact]
    public async Task Accepts_an_uppercase_code_even_if_a_map_may_lack_it()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().With("country_code", "XK"));

        Assert.Equal("XK", row.CountryCode);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("1.0.0")]
    [InlineData("1")]
    [InlineData("2.0")]
    [InlineData(" 1.0")]
    [InlineData("")]
    public async Task Rejects_a_schema_version_other_than_1_0(string version)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("schema_version", version));

        Assert.Contains("schema_version", reason);
        Assert.Contains("1.0", reason);
    }

    [Fact]
    public async Task Rejects_schema_version_1_1_even_when_the_rest_would_not_fit_v1_0()
    {
        // A future version may change fields: the reason must be the version, not a symptom.
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("schema_version", "1.1").Without("streams").With("cpl", "x"));

        Assert.Contains("schema_version", reason);
        Assert.Contains("1.1", reason);
    }

    [Theory]
    [InlineData("spotify")]
    [InlineData("Soundlink")]
    [InlineData("SOUNDLINK")]
    [InlineData("")]
    public async Task Rejects_a_provider_other_than_soundlink(string provider)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("provider", provider));

        Assert.Contains("provider", reason);
        Assert.Contains("soundlink", reason);
    }

    [Fact]
    public async Task Rejects_a_duplicate_field()
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithDuplicate("streams", "999"));

        Assert.Contains("\"streams\"", reason);
        Assert.Contains("twice", reason);
    }

    [Fact]
    public async Task Rejects_a_duplicate_optional_field_even_with_the_same_value()
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithDuplicate("impressions", "4821"));

        Assert.Contains("\"impressions\"", reason);
        Assert.Contains("twice", reason);
    }

    [Fact]
    public async Task Rejects_a_duplicate_field_spelled_with_an_escape()
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().WithDuplicate("country_code", "\"DE\"").ToLine()
            .Replace(",\"country_code\":\"DE\"", ",\"country\\u005fcode\":\"DE\""));

        Assert.Contains("\"country_code\"", reason);
        Assert.Contains("twice", reason);
    }

    [Fact]
    public async Task Rejects_report_date_timezone_other_than_utc()
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("report_date_timezone", "Europe/Berlin"));

        Assert.Contains("report_date_timezone", reason);
    }

    [Fact]
    public async Task Rejects_an_empty_account_id()
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("account_id", " "));

        Assert.Contains("account_id", reason);
    }

    [Fact]
    public async Task Rejects_an_empty_campaign_id()
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("campaign_id", ""));

        Assert.Contains("campaign_id", reason);
    }

    [Theory]
    [InlineData("currency", "usd")]
    [InlineData("currency", "US")]
    [InlineData("currency_account", "EURO")]
    public async Task Rejects_a_currency_that_is_not_three_uppercase_letters(string field, string value)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With(field, value));

        Assert.Contains(field, reason);
    }

    [Theory]
    [InlineData("campaign_target_type", "album")]
    [InlineData("campaign_target_type", "Track")]
    [InlineData("result_type", "click")]
    public async Task Rejects_a_value_outside_its_enum(string field, string value)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With(field, value));

        Assert.Contains(field, reason);
        Assert.Contains(value, reason);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""["provider", "soundlink"]""", "not a JSON object")]
    [InlineData("42", "not a JSON object")]
    [InlineData("null", "not a JSON object")]
    [InlineData("""{"provider":"soundlink",""", "not valid JSON")]
    [InlineData("""{"provider":'soundlink'}""", "not valid JSON")]
    [InlineData("this is not json", "not valid JSON")]
    public async Task Rejects_a_line_that_is_not_a_json_object(string line, string expected)
    {
        var reason = await ExportBody.RejectedReasonAsync(line);

        Assert.Contains(expected, reason);
    }

    [Fact]
    public async Task Rejects_a_json_string_line_after_the_first_line()
    {
        // (As the first thing of the body, a JSON string is the documentation's body form instead.)
        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(DocExample.UsLine, "\"text\""));

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        Assert.True(results[0].IsValid);
        Assert.Contains("not a JSON object", results[1].Error);
        Assert.Contains("string", results[1].Error);
    }

    [Fact]
    public async Task Rejects_two_objects_on_one_line()
    {
        var reason = await ExportBody.RejectedReasonAsync(DocExample.UsLine + " " + DocExample.DeLine);

        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Fact]
    public async Task Rejects_a_line_that_is_not_valid_utf8()
    {
        var line = System.Text.Encoding.UTF8.GetBytes(RowJson.Valid().ToLine().Replace("Sleep Playlist", "Sleep XX"));
        var at = line.AsSpan().IndexOf("XX"u8);
        line[at] = 0xC3;
        line[at + 1] = 0x28;

        var results = await ExportBody.ReadAsync(line.Append((byte)'\n').ToArray());

        var result = Assert.Single(results);
        Assert.False(result.IsValid);
        Assert.Equal(1, result.LineNumber);
        Assert.Contains("UTF-8", result.Error);
    }

    [Fact]
    public async Task Gives_the_start_of_the_offending_line_as_excerpt_of_at_most_300_characters()
    {
        var shortLine = """{"provider":"other"}""";
        var longLine = RowJson.Valid().With("country_code", "us").ToLine();
        Assert.True(longLine.Length > 300);

        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(shortLine, longLine));

        Assert.Equal(shortLine, results[0].Excerpt);
        Assert.Equal(longLine[..300], results[1].Excerpt);
    }
}
