using System.Text;
using Soundlink.Client.Export;
using Soundlink.Client.Tests.Support;

namespace Soundlink.Client.Tests;

/// <summary>Line numbering, carrying on after a bad line, and the 1 MiB line limit.</summary>
public class LineHandlingTests
{
    private const int MiB = SoundlinkExportReader.MaxLineBytes;

    [Fact]
    public void The_line_limit_is_one_mebibyte()
    {
        Assert.Equal(1024 * 1024, SoundlinkExportReader.MaxLineBytes);
    }

    [Fact]
    public async Task Counts_blank_lines_in_line_numbers()
    {
        var body = "\n" + "\n" + DocExample.UsLine + "\n" + "   \n" + "\n" + "{}" + "\n" + "\r\n" + DocExample.DeLine + "\n";

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([3L, 6L, 8L], results.Select(r => r.LineNumber));
        Assert.True(results[0].IsValid);
        Assert.False(results[1].IsValid);
        Assert.True(results[2].IsValid);
    }

    [Fact]
    public async Task Continues_reading_after_bad_lines()
    {
        var body = ExportBody.Jsonl(
            DocExample.UsLine,
            RowJson.Valid().With("streams", "203").ToLine(),
            "not json at all",
            RowJson.Valid().With("country_code", "us").ToLine(),
            DocExample.DeLine,
            RowJson.Valid().With("schema_version", "1.1").ToLine(),
            RowJson.ValidDe().With("report_date", "2026-04-02").ToLine());

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], results.Select(r => r.LineNumber));
        Assert.Equal([true, false, false, false, true, false, true], results.Select(r => r.IsValid));
        Assert.Contains("streams", results[1].Error);
        Assert.Contains("JSON", results[2].Error);
        Assert.Contains("country_code", results[3].Error);
        Assert.Contains("schema_version", results[5].Error);
        DocExampleTests.AssertUsRow(results[0].Row);
        DocExampleTests.AssertDeRow(results[4].Row);
        Assert.Equal(new DateOnly(2026, 4, 2), results[6].Row!.ReportDate);
    }

    [Fact]
    public async Task A_bad_line_does_not_leak_values_into_the_next_line()
    {
        // The first line fails late; the second lacks impressions and must not inherit the first's.
        var body = ExportBody.Jsonl(
            RowJson.Valid().With("impressions", 77).With("currency", "usd").ToLine(),
            RowJson.Valid().Without("impressions").Without("result_type").ToLine());

        var results = await ExportBody.ReadAsync(body);

        Assert.False(results[0].IsValid);
        Assert.True(results[1].IsValid, results[1].Error);
        Assert.Null(results[1].Row!.Impressions);
        Assert.Null(results[1].Row!.ResultType);
    }

    [Fact]
    public async Task Accepts_a_line_of_exactly_the_limit()
    {
        var line = RowJson.Valid().PaddedTo(MiB).ToLine();
        Assert.Equal(MiB, Encoding.UTF8.GetByteCount(line));

        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(line, DocExample.DeLine));

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
    }

    [Fact]
    public async Task Accepts_a_line_of_exactly_the_limit_ending_in_crlf()
    {
        var line = RowJson.Valid().PaddedTo(MiB).ToLine();

        var results = await ExportBody.ReadAsync(line + "\r\n" + DocExample.DeLine + "\r\n");

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        Assert.All(results, r => Assert.True(r.IsValid, r.Error));
    }

    [Fact]
    public async Task Rejects_a_line_one_byte_over_the_limit_and_reads_the_next()
    {
        var line = RowJson.Valid().PaddedTo(MiB + 1).ToLine();

        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(DocExample.UsLine, line, DocExample.DeLine));

        Assert.Equal([1L, 2L, 3L], results.Select(r => r.LineNumber));
        AssertTooLong(results[1], MiB + 1, line);
        DocExampleTests.AssertDeRow(results[2].Row);
    }

    [Theory]
    [InlineData(3 * 1024 * 1024)]
    [InlineData(MiB + 64 * 1024 + 3)]
    [InlineData(MiB * 2 + 1)]
    public async Task Rejects_a_line_over_the_limit_with_its_line_number_and_reads_the_next(int length)
    {
        var line = RowJson.Valid().PaddedTo(length).ToLine();

        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(DocExample.UsLine, "", line, DocExample.DeLine));

        Assert.Equal([1L, 3L, 4L], results.Select(r => r.LineNumber));
        DocExampleTests.AssertUsRow(results[0].Row);
        AssertTooLong(results[1], length, line);
        DocExampleTests.AssertDeRow(results[2].Row);
    }

    [Fact]
    public async Task Rejects_a_line_over_the_limit_read_in_small_pieces()
    {
        var line = RowJson.Valid().PaddedTo(MiB + 500).ToLine();
        var body = Encoding.UTF8.GetBytes(ExportBody.Jsonl(line, DocExample.DeLine));

        var results = await ExportBody.ReadAsync(new TrickleStream(new MemoryStream(body), max: 997));

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        AssertTooLong(results[0], MiB + 500, line);
        DocExampleTests.AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Rejects_a_line_over_the_limit_at_the_end_without_final_newline()
    {
        var line = RowJson.Valid().PaddedTo(2 * MiB).ToLine();

        var results = await ExportBody.ReadAsync(DocExample.UsLine + "\n" + line);

        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        AssertTooLong(results[1], 2 * MiB, line);
    }

    [Fact]
    public async Task Reports_each_of_consecutive_long_lines_with_its_own_length()
    {
        var first = RowJson.Valid().PaddedTo(3 * MiB).ToLine();
        var second = RowJson.Valid().PaddedTo(2 * MiB).ToLine();

        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(first, second, DocExample.DeLine));

        Assert.Equal([1L, 2L, 3L], results.Select(r => r.LineNumber));
        AssertTooLong(results[0], 3 * MiB, first);
        AssertTooLong(results[1], 2 * MiB, second);
        DocExampleTests.AssertDeRow(results[2].Row);
    }

    [Fact]
    public async Task Keeps_the_excerpt_of_a_long_multibyte_line_within_300_characters()
    {
        var line = RowJson.Valid().With("campaign_name", string.Concat(Enumerable.Repeat("🌙é", 400_000))).ToLine();
        Assert.True(Encoding.UTF8.GetByteCount(line) > MiB);

        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(line, DocExample.DeLine));

        Assert.False(results[0].IsValid);
        Assert.Equal(1, results[0].LineNumber);
        Assert.InRange(results[0].Excerpt!.Length, 1, 300);
        Assert.StartsWith("{\"provider\":\"soundlink\"", results[0].Excerpt);
        Assert.True(results[1].IsValid);
    }

    internal static void AssertTooLong(RowReadResult result, int length, string line)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Row);
        Assert.Contains($"{length:N0} bytes", result.Error);
        Assert.Contains($"{MiB:N0}", result.Error);
        Assert.NotNull(result.Excerpt);
        Assert.True(result.Excerpt.Length <= 300, $"excerpt of {result.Excerpt.Length} characters");
        Assert.Equal(line[..300], result.Excerpt);
    }
}
