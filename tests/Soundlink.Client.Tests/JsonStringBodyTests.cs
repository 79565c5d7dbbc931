using System.Text;
using Soundlink.Client.Tests.Support;

namespace Soundlink.Client.Tests;

/// <summary>The documentation's form: the whole body is ONE JSON string holding the JSONL text.</summary>
public class JsonStringBodyTests
{
    private const int MiB = Soundlink.Client.Export.SoundlinkExportReader.MaxLineBytes;

    /// <summary>A campaign name with BMP and astral characters, JSON-escaped inside the JSON string body.</summary>
    private const string EscapedBody =
        "\"{\\\"provider\\\":\\\"soundlink\\\",\\\"campaign_name\\\":\\\"Caf\\u00e9 \\uD83C\\uDF19 \\u6C34 \\\\u00fc\\\"}\\n\"";

    [Fact]
    public async Task Reads_a_json_string_body_with_bom_crlf_blank_lines_and_no_final_newline()
    {
        var jsonl = "\r\n" + DocExample.UsLine + "\r\n\r\n" + DocExample.DeLine;
        var body = ExportBody.Bom.Concat(Encoding.UTF8.GetBytes(ExportBody.AsJsonString(jsonl) + "\r\n")).ToArray();

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([2L, 4L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Reads_a_json_string_body_preceded_by_white_space()
    {
        var results = await ExportBody.ReadAsync("  \n" + DocExample.JsonStringBody + "\n\n");

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Reads_a_json_string_body_preceded_by_white_space_in_small_reads(int bytesPerRead)
    {
        var body = Encoding.UTF8.GetBytes("  \n\r\n " + DocExample.JsonStringBody);

        var results = await ExportBody.ReadAsync(new TrickleStream(new MemoryStream(body), bytesPerRead));

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task Reads_a_json_string_body_starting_with_more_blank_lines_than_a_buffer_holds(int bytesPerRead)
    {
        var blank = 70_000;
        var body = Encoding.UTF8.GetBytes(ExportBody.AsJsonString(new string('\n', blank) + ExportBody.Jsonl(DocExample.UsLine, DocExample.DeLine)));

        var results = await ExportBody.ReadAsync(new TrickleStream(new MemoryStream(body), bytesPerRead));

        Assert.Equal([blank + 1L, blank + 2L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Decodes_unicode_escapes_and_surrogate_pairs_in_campaign_name()
    {
        var name = "Caf\u00e9 \U0001F319 \u6C34 \u00fc Sleep";
        var line = RowJson.Valid().With("campaign_name", name).ToLine();
        // Serialize escapes every non-ASCII character as \uXXXX, and the emoji as a surrogate pair.
        var body = ExportBody.AsJsonString(line + "\n");
        Assert.Contains("\\uD83C\\uDF19", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\\u00E9", body, StringComparison.OrdinalIgnoreCase);

        var row = Assert.Single(await ExportBody.ReadAsync(body)).Row;

        Assert.NotNull(row);
        Assert.Equal(name, row.CampaignName);
    }

    [Fact]
    public async Task Decodes_escapes_that_stay_escaped_in_the_jsonl_line()
    {
        // "\\u00fc" in the body is "\u00fc" in the JSONL line, which the row parser then decodes.
        var line = RowJson.Valid().ToLine().Replace("Sleep Playlist", "Sleep \\u00fc \\ud83c\\udf19 \\\"Q\\\" \\\\");
        var body = ExportBody.AsJsonString(line);
        Assert.Contains("\\\\u00fc", body);

        var result = Assert.Single(await ExportBody.ReadAsync(body));

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("Sleep ü 🌙 \"Q\" \\", result.Row!.CampaignName);
    }

    [Fact]
    public async Task Decodes_every_simple_escape_of_the_body()
    {
        // Names may not hold control characters, so the tab, backspace and form feed escapes travel in the ISRC.
        var name = "here/slash\\back\"quote";
        var isrc = "tab\tbs\bff\f";
        var line = RowJson.Valid().With("campaign_name", name).With("campaign_target_isrc", isrc).ToLine();
        var body = ExportBody.AsJsonString(line).Replace("/", "\\/");
        Assert.Contains("\\/", body);

        var result = Assert.Single(await ExportBody.ReadAsync(body));

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(name, result.Row!.CampaignName);
        Assert.Equal(isrc, result.Row!.CampaignTargetIsrc);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(11)]
    public async Task Decodes_escapes_split_across_reads(int bytesPerRead)
    {
        var name = "Caf\u00e9 \U0001F319\U0001F3B5 \u6C34 \"x\"";
        var lines = new[]
        {
            RowJson.Valid().With("campaign_name", name).ToLine(),
            RowJson.ValidDe().ToLine().Replace("Sleep Playlist", "Sleep \\ud83c\\udf19"),
        };
        var body = Encoding.UTF8.GetBytes(ExportBody.AsJsonString(ExportBody.Jsonl(lines)));
        var trickle = new TrickleStream(new MemoryStream(body), bytesPerRead);

        var results = await ExportBody.ReadAsync(trickle);

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
        Assert.Equal(name, results[0].Row!.CampaignName);
        Assert.Equal("Sleep \U0001F319", results[1].Row!.CampaignName);
        Assert.True(trickle.Reads >= body.Length / bytesPerRead);
    }

    [Fact]
    public async Task Decodes_a_hand_written_body_one_byte_per_read()
    {
        var row = RowJson.Valid().ToLine();
        // campaign_name carries é, 🌙, 水 as escapes of the body, and ü as an escape of the line.
        var nameInBody = "Caf\\u00e9 \\uD83C\\uDF19 \\u6C34 \\\\u00fc";
        var lineInBody = ExportBody.AsJsonString(row)[1..^1].Replace("Sleep Playlist", nameInBody);
        var body = "\"" + lineInBody + "\\r\\n\\n" + lineInBody + "\"";

        var results = await ExportBody.ReadAsync(new TrickleStream(new MemoryStream(Encoding.UTF8.GetBytes(body))));

        Assert.Equal([1L, 3L], results.Select(r => r.LineNumber));
        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
        Assert.All(results, r => Assert.Equal("Café 🌙 水 ü", r.Row!.CampaignName));
    }

    [Fact]
    public async Task Counts_decoded_lines_for_line_numbers_and_continues_after_a_bad_line()
    {
        var jsonl = ExportBody.Jsonl(DocExample.UsLine, "", RowJson.Valid().With("listeners", -3).ToLine(), DocExample.DeLine);

        var results = await ExportBody.ReadAsync(ExportBody.AsJsonString(jsonl));

        Assert.Equal([1L, 3L, 4L], results.Select(r => r.LineNumber));
        Assert.Contains("listeners", results[1].Error);
        DocExampleTests.AssertDeRow(results[2].Row);
    }

    [Fact]
    public async Task Applies_the_line_limit_to_decoded_lines_not_to_the_body()
    {
        // About 3 MiB of body, every decoded line well under the limit.
        var lines = Enumerable.Range(0, 3500).Select(i => i % 2 == 0 ? DocExample.UsLine : DocExample.DeLine).ToArray();
        var body = ExportBody.AsJsonString(ExportBody.Jsonl(lines));
        Assert.True(body.Length > 3 * MiB);

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal(3500, results.Count);
        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
        Assert.Equal(3500L, results[^1].LineNumber);
    }

    [Fact]
    public async Task Accepts_a_decoded_line_of_exactly_the_limit_whose_body_is_longer()
    {
        // Every quote of the line doubles in the body: the body line exceeds 1 MiB, the decoded line does not.
        var line = RowJson.Valid().PaddedTo(MiB).ToLine();
        var body = ExportBody.AsJsonString(ExportBody.Jsonl(line, DocExample.DeLine));

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
    }

    [Theory]
    [InlineData(MiB + 1)]
    [InlineData(MiB + 64 * 1024 + 3)]
    [InlineData(3 * MiB)]
    public async Task Rejects_a_decoded_line_over_the_limit_and_reads_the_next(int length)
    {
        var line = RowJson.Valid().PaddedTo(length).ToLine();
        var body = ExportBody.AsJsonString(ExportBody.Jsonl(DocExample.UsLine, line, DocExample.DeLine));

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([1L, 2L, 3L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        LineHandlingTests.AssertTooLong(results[1], length, line);
        DocExampleTests.AssertDeRow(results[2].Row);
    }

    [Fact]
    public async Task Rejects_a_long_decoded_line_full_of_escapes_and_reads_the_next()
    {
        // Escapes all along the line, so that decoding stops short of the reader's buffer end many times.
        var line = RowJson.Valid().With("campaign_name", string.Concat(Enumerable.Repeat("\"é🌙\\", 200_000))).ToLine();
        var length = Encoding.UTF8.GetByteCount(line);
        Assert.True(length > MiB);
        var body = ExportBody.AsJsonString(ExportBody.Jsonl(line, DocExample.DeLine));

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        Assert.False(results[0].IsValid);
        Assert.Contains($"{length:N0} bytes", results[0].Error);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Theory]
    [InlineData(64 * 1024 - 1)]
    [InlineData(64 * 1024)]
    [InlineData(64 * 1024 + 1)]
    [InlineData(64 * 1024 + 2)]
    [InlineData(128 * 1024 + 1)]
    [InlineData(300 * 1024)]
    public async Task Reads_decoded_lines_longer_than_the_read_buffer(int length)
    {
        var line = RowJson.Valid().PaddedTo(length).ToLine();
        // Quotes in the padding make escapes land at every offset of the reader's buffer.
        line = line.Replace("xxxxxxxxxx", "xxxxxxxx\\\"");
        var body = ExportBody.AsJsonString(ExportBody.Jsonl(line, line, DocExample.DeLine));

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([1L, 2L, 3L], results.Select(r => r.LineNumber));
        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
    }

    [Fact]
    public async Task Reads_the_documented_body_when_the_first_read_returns_only_the_quote()
    {
        var body = Encoding.UTF8.GetBytes(DocExample.JsonStringBody);

        var results = await ExportBody.ReadAsync(new TrickleStream(new MemoryStream(body), max: 1));

        Assert.Equal(2, results.Count);
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Stops_with_a_clear_error_when_the_json_string_body_is_cut_off()
    {
        var body = DocExample.JsonStringBody[..^1];

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal(3, results.Count);
        Assert.True(results[0].IsValid);
        Assert.True(results[1].IsValid);
        Assert.False(results[2].IsValid);
        Assert.Equal(3, results[2].LineNumber);
        Assert.Contains("closing quote", results[2].Error);
    }

    [Fact]
    public async Task Stops_with_a_clear_error_on_content_after_the_json_string_body()
    {
        var results = await ExportBody.ReadAsync(DocExample.JsonStringBody + "\n{\"more\":1}\n");

        Assert.Equal(3, results.Count);
        Assert.True(results[1].IsValid);
        Assert.False(results[2].IsValid);
        Assert.Contains("after the JSON string", results[2].Error);
    }

    [Theory]
    [InlineData("\"abc\\x\"", "invalid escape")]
    [InlineData("\"abc\\u12G4\"", "\\u escape")]
    public async Task Stops_with_a_clear_error_on_a_bad_escape_in_the_body(string body, string expected)
    {
        var result = Assert.Single(await ExportBody.ReadAsync(body));

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public async Task Reads_a_lone_surrogate_as_a_replacement_character_not_a_crash()
    {
        var body = EscapedBody.Replace("\\uD83C\\uDF19", "\\uD83C");

        var result = Assert.Single(await ExportBody.ReadAsync(body));

        // The fragment row is incomplete, so it is rejected, but the decoding went through.
        Assert.False(result.IsValid);
        Assert.Contains("missing required field", result.Error);
        Assert.Contains("\uFFFD", result.Excerpt);
    }
}
