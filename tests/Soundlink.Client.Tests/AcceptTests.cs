using System.Text;
using Soundlink.Client.Tests.Support;

namespace Soundlink.Client.Tests;

/// <summary>What a tolerant reader accepts: framing variations and the optional/nullable parts of the row.</summary>
public class AcceptTests
{
    [Fact]
    public async Task Keeps_an_account_id_that_is_not_formatted_as_a_uuid()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().With("account_id", "org_123"));

        Assert.Equal("org_123", row.AccountId);
    }

    [Fact]
    public async Task Accepts_a_utf8_bom()
    {
        var body = ExportBody.Bom.Concat(Encoding.UTF8.GetBytes(ExportBody.Jsonl(DocExample.UsLine, DocExample.DeLine))).ToArray();

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Accepts_crlf_line_ends()
    {
        var results = await ExportBody.ReadAsync(DocExample.UsLine + "\r\n" + DocExample.DeLine + "\r\n");

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Accepts_a_missing_final_newline()
    {
        var results = await ExportBody.ReadAsync(DocExample.UsLine + "\n" + DocExample.DeLine);

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Accepts_bom_crlf_and_no_final_newline_together()
    {
        var text = DocExample.UsLine + "\r\n" + "\r\n" + DocExample.DeLine;
        var body = ExportBody.Bom.Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([1L, 3L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Accepts_bom_crlf_and_no_final_newline_together_one_byte_per_read()
    {
        var text = DocExample.UsLine + "\r\n" + "\r\n" + DocExample.DeLine;
        var body = ExportBody.Bom.Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var results = await ExportBody.ReadAsync(new TrickleStream(new MemoryStream(body)));

        Assert.Equal([1L, 3L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Skips_blank_and_whitespace_only_lines_without_results()
    {
        var results = await ExportBody.ReadAsync("\n" + DocExample.UsLine + "\n\n   \t\n\r\n" + DocExample.DeLine + "\n\n");

        Assert.Equal([2L, 6L], results.Select(r => r.LineNumber));
        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task Counts_more_leading_blank_lines_than_a_buffer_holds(int bytesPerRead)
    {
        var blank = 70_000;
        var body = Encoding.UTF8.GetBytes(new string('\n', blank) + DocExample.UsLine + "\n");

        var results = await ExportBody.ReadAsync(new TrickleStream(new MemoryStream(body), bytesPerRead));

        Assert.Equal(blank + 1L, Assert.Single(results).LineNumber);
        DocExampleTests.AssertUsRow(results[0].Row);
    }

    [Fact]
    public async Task Yields_nothing_for_an_empty_body()
    {
        Assert.Empty(await ExportBody.ReadAsync(""));
        Assert.Empty(await ExportBody.ReadAsync(ExportBody.Bom));
        Assert.Empty(await ExportBody.ReadAsync("\n\r\n  \n"));
    }

    [Fact]
    public async Task Accepts_unknown_extra_fields_of_any_type()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid()
            .With("new_metric", 12)
            .With("new_label", "hello")
            .WithRaw("new_flag", "true")
            .WithRaw("new_null", "null")
            .WithRaw("new_array", """[1, "two", {"three": [3]}, null]""")
            .WithRaw("new_object", """{"nested": {"deeper": [{"x": 1}]}, "list": []}"""));

        DocExampleTests.AssertUsRow(row);
    }

    [Fact]
    public async Task Ignores_known_field_names_nested_inside_unknown_fields()
    {
        // Nested members named like row fields must not be taken for the row's own (nor count as duplicates).
        var row = await ExportBody.AcceptedAsync(RowJson.Valid()
            .WithRaw("extra", """{"provider": "other", "streams": "lots", "schema_version": "9.9", "country_code": "us"}""")
            .WithRaw("extras", """[{"streams": -1}, {"report_date": "2026-02-30"}]"""));

        DocExampleTests.AssertUsRow(row);
    }

    [Theory]
    [InlineData("impressions")]
    [InlineData("ad_clicks")]
    [InlineData("link_clicks")]
    [InlineData("cpc_linkclick")]
    [InlineData("ctr_linkclick")]
    [InlineData("ctr_adclick")]
    [InlineData("campaign_target_isrc")]
    [InlineData("campaign_target_spotify_track_id")]
    [InlineData("campaign_target_playlist_id")]
    [InlineData("result_type")]
    public async Task Accepts_an_optional_field_given_as_null(string field)
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().WithNull(field));

        Assert.Null(OptionalValue(row, field));
    }

    [Theory]
    [InlineData("impressions")]
    [InlineData("ad_clicks")]
    [InlineData("link_clicks")]
    [InlineData("cpc_linkclick")]
    [InlineData("ctr_linkclick")]
    [InlineData("ctr_adclick")]
    [InlineData("campaign_target_isrc")]
    [InlineData("campaign_target_spotify_track_id")]
    [InlineData("campaign_target_playlist_id")]
    [InlineData("result_type")]
    public async Task Accepts_an_optional_field_left_out(string field)
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().Without(field));

        Assert.Null(OptionalValue(row, field));
    }

    [Fact]
    public async Task Keeps_null_impressions_as_not_reported_rather_than_zero()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().WithNull("impressions").WithNull("ctr_linkclick").WithNull("ctr_adclick"));

        Assert.Null(row.Impressions);
        Assert.Null(row.CtrLinkClick);
        Assert.Null(row.CtrAdClick);
        Assert.Equal(112L, row.AdClicks);
    }

    [Fact]
    public async Task Accepts_campaign_target_type_null_as_undetermined()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().WithNull("campaign_target_type"));

        Assert.Null(row.CampaignTargetType);
    }

    [Fact]
    public async Task Accepts_a_playlist_campaign()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid()
            .With("campaign_target_type", "playlist")
            .WithNull("campaign_target_isrc")
            .WithNull("campaign_target_spotify_track_id")
            .With("campaign_target_playlist_id", "37i9dQZF1DWZd79rJ6a7lp"));

        Assert.Equal("playlist", row.CampaignTargetType);
        Assert.Equal("37i9dQZF1DWZd79rJ6a7lp", row.CampaignTargetPlaylistId);
        Assert.Null(row.CampaignTargetIsrc);
    }

    [Theory]
    [InlineData("lp_click")]
    [InlineData("stream")]
    [InlineData("follow")]
    public async Task Accepts_each_documented_result_type(string resultType)
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().With("result_type", resultType));

        Assert.Equal(resultType, row.ResultType);
    }

    [Fact]
    public async Task Accepts_zero_counts_and_zero_ratios()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid()
            .With("impressions", 0).With("ad_clicks", 0).With("link_clicks", 0)
            .With("streams", 0).With("listeners", 0).With("followers", 0)
            .With("streams_per_listener", 0).With("cpl", 0).With("cpf", 0).With("cost_per_result", 0)
            .WithNull("cpc_linkclick").WithNull("ctr_linkclick").WithNull("ctr_adclick"));

        Assert.Equal(0L, row.Impressions);
        Assert.Equal(0L, row.Streams);
        Assert.Equal(0L, row.Listeners);
        Assert.Equal(0L, row.Followers);
        Assert.Equal(0.0, row.Cpl);
    }

    [Fact]
    public async Task Accepts_a_leap_day()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().With("report_date", "2028-02-29"));

        Assert.Equal(new DateOnly(2028, 2, 29), row.ReportDate);
    }

    [Theory]
    [InlineData("2026-05-20T03:00:00.123Z", 123)]
    [InlineData("2026-05-20T03:00:00+00:00", 0)]
    public async Task Accepts_exported_at_in_utc_with_fractions_or_a_zero_offset(string exportedAt, int milliseconds)
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().With("exported_at", exportedAt));

        Assert.Equal(new DateTimeOffset(2026, 5, 20, 3, 0, 0, milliseconds, TimeSpan.Zero), row.ExportedAt);
    }

    [Fact]
    public async Task Accepts_fields_in_any_order()
    {
        var shuffled = "{" + string.Join(",", System.Text.Json.Nodes.JsonNode.Parse(DocExample.UsLine)!.AsObject()
            .Reverse().Select(p => $"\"{p.Key}\":{(p.Value is null ? "null" : p.Value.ToJsonString())}")) + "}";

        var result = await ExportBody.ReadSingleAsync(shuffled);

        DocExampleTests.AssertUsRow(result.Row);
    }

    [Fact]
    public async Task Decodes_escapes_and_non_ascii_text_in_string_fields()
    {
        var row = await ExportBody.AcceptedAsync(RowJson.Valid().With("campaign_name", "Café \"Nacht\" 🌙 / ü"));
        Assert.Equal("Café \"Nacht\" 🌙 / ü", row.CampaignName);

        var escaped = RowJson.Valid().ToLine().Replace("\"Sleep Playlist\"", "\"Caf\\u00e9 \\ud83c\\udf19 \\\"x\\\"\"");
        var result = await ExportBody.ReadSingleAsync(escaped);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal("Café 🌙 \"x\"", result.Row!.CampaignName);

        // A decoded control character (here a tab) is refused in a name: names reach pages, CSVs and terminals.
        var tab = await ExportBody.ReadSingleAsync(RowJson.Valid().ToLine().Replace("\"Sleep Playlist\"", "\"Caf\\u00e9\\tx\""));
        Assert.False(tab.IsValid);
        Assert.Contains("campaign_name contains a control character", tab.Error);
    }

    [Fact]
    public async Task Parses_each_row_on_its_own_when_consecutive_rows_repeat_or_change_values()
    {
        // The parser caches repeated strings and dates between lines: a change must never be masked by the cache.
        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(
            RowJson.Valid().ToLine(),
            RowJson.Valid().With("report_date", "2026-04-02").With("exported_at", "2026-05-21T04:05:06Z").With("campaign_name", "Renamed").ToLine(),
            RowJson.Valid().ToLine().Replace("\"2026-04-01\"", "\"2026\\u002D04-03\""),
            RowJson.Valid().ToLine()));

        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
        Assert.Equal(
            [new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 3), new DateOnly(2026, 4, 1)],
            results.Select(r => r.Row!.ReportDate));
        Assert.Equal(new DateTimeOffset(2026, 5, 21, 4, 5, 6, TimeSpan.Zero), results[1].Row!.ExportedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 20, 3, 0, 0, TimeSpan.Zero), results[3].Row!.ExportedAt);
        Assert.Equal(["Sleep Playlist", "Renamed", "Sleep Playlist", "Sleep Playlist"], results.Select(r => r.Row!.CampaignName));
    }

    private static object? OptionalValue(Soundlink.Client.Export.CampaignCountryDailyRow row, string field) => field switch
    {
        "impressions" => row.Impressions,
        "ad_clicks" => row.AdClicks,
        "link_clicks" => row.LinkClicks,
        "cpc_linkclick" => row.CpcLinkClick,
        "ctr_linkclick" => row.CtrLinkClick,
        "ctr_adclick" => row.CtrAdClick,
        "campaign_target_isrc" => row.CampaignTargetIsrc,
        "campaign_target_spotify_track_id" => row.CampaignTargetSpotifyTrackId,
        "campaign_target_playlist_id" => row.CampaignTargetPlaylistId,
        "result_type" => row.ResultType,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
