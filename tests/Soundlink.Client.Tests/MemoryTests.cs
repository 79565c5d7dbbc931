using System.Diagnostics;
using System.Text;
using Soundlink.Client.Export;
using Soundlink.Client.Tests.Support;
using Xunit.Abstractions;

namespace Soundlink.Client.Tests;

[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>
/// Memory stays flat whatever the size of the export. Runs alone (no other test allocating meanwhile) and measures
/// the managed heap after a forced collection at regular points while the generated body is being read: whatever
/// the reader retains shows up there.
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public class MemoryTests(ITestOutputHelper output)
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;
    private const long RetainedLimit = 8L * 1024 * 1024;
    private const long SampleEveryBytes = 2L * 1024 * 1024;

    [Fact]
    public async Task Streams_50_MB_of_jsonl_with_flat_memory()
    {
        var pair = DocExample.UsLine + "\n" + DocExample.DeLine + "\n";
        var count = FiftyMegabytes / Encoding.UTF8.GetByteCount(pair);

        var (rows, bad, lastLine, peak, _) = await MeasureAsync(new GeneratedStream("", pair, count, ""));

        Assert.Equal(2 * count, rows);
        Assert.Equal(0, bad);
        Assert.Equal(2 * count, lastLine);
        Assert.True(peak < RetainedLimit, $"retained up to {peak / 1024 / 1024} MB while reading");
        // Speed is the ingest benchmark's business (bench/), not a wall-clock assertion here.
    }

    [Fact]
    public async Task Streams_50_MB_of_json_string_body_with_flat_memory()
    {
        var pair = ExportBody.AsJsonString(DocExample.UsLine + "\n" + DocExample.DeLine + "\n")[1..^1];
        var count = FiftyMegabytes / Encoding.UTF8.GetByteCount(pair);

        var (rows, bad, lastLine, peak, _) = await MeasureAsync(new GeneratedStream("\"", pair, count, "\""));

        Assert.Equal(2 * count, rows);
        Assert.Equal(0, bad);
        Assert.Equal(2 * count, lastLine);
        Assert.True(peak < RetainedLimit, $"retained up to {peak / 1024 / 1024} MB while reading");
    }

    [Fact]
    public async Task Skips_a_50_MB_line_without_buffering_it()
    {
        var prefix = DocExample.UsLine + "\n" + DocExample.UsLine[..^1] + ",\"junk\":\"";
        var suffix = "\"}\n" + DocExample.DeLine + "\n";

        var (rows, bad, lastLine, peak, _) = await MeasureAsync(new GeneratedStream(prefix, "0123456789abcdef", FiftyMegabytes / 16, suffix));

        Assert.Equal(2, rows);
        Assert.Equal(1, bad);
        Assert.Equal(3, lastLine);
        Assert.True(peak < RetainedLimit, $"retained up to {peak / 1024 / 1024} MB while reading");
    }

    [Fact]
    public async Task Skips_a_50_MB_decoded_line_of_a_json_string_body_without_buffering_it()
    {
        var prefix = "\"" + ExportBody.AsJsonString(DocExample.UsLine + "\n" + DocExample.UsLine[..^1] + ",\"junk\":\"")[1..^1];
        var suffix = ExportBody.AsJsonString("\"}\n" + DocExample.DeLine)[1..^1] + "\"";

        var piece = "01234567\\\""; // ten bytes, decoding to 01234567"
        var (rows, bad, lastLine, peak, _) = await MeasureAsync(new GeneratedStream(prefix, piece, FiftyMegabytes / piece.Length, suffix));

        Assert.Equal(2, rows);
        Assert.Equal(1, bad);
        Assert.Equal(3, lastLine);
        Assert.True(peak < RetainedLimit, $"retained up to {peak / 1024 / 1024} MB while reading");
    }

    private async Task<(long Rows, long Bad, long LastLine, long PeakRetained, TimeSpan Elapsed)> MeasureAsync(GeneratedStream body)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var samples = 0;
        var nextSample = SampleEveryBytes;
        body.OnProgress = produced =>
        {
            if (produced >= nextSample)
            {
                nextSample += SampleEveryBytes;
                samples++;
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        };
        var watch = Stopwatch.StartNew();

        long rows = 0, bad = 0, lastLine = 0;
        await foreach (var result in SoundlinkExportReader.ReadAsync(body))
        {
            if (result.IsValid)
            {
                rows++;
            }
            else
            {
                bad++;
            }
            lastLine = result.LineNumber;
        }
        watch.Stop();
        output.WriteLine($"{body.TotalBytes:N0} bytes, {rows:N0} rows, {bad} rejected, {samples} samples, " +
            $"peak retained {peak / 1024.0 / 1024.0:F1} MiB, {watch.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(body.TotalBytes, body.Produced);
        Assert.True(body.TotalBytes >= FiftyMegabytes - 4096, $"only {body.TotalBytes} bytes were generated");
        Assert.True(samples >= 20, $"only {samples} memory samples");
        return (rows, bad, lastLine, peak, watch.Elapsed);
    }
}
