using System.Runtime.CompilerServices;
using System.Text;

namespace Soundlink.Client.Export;

/// <summary>
/// Streams a breakdown export (JSONL, or the documentation's one-JSON-string form) and validates every
/// line. Memory stays flat: a line over <see cref="MaxLineBytes"/> is rejected and skipped without being
/// buffered. Blank lines count for line numbers but are not results.
/// </summary>
public static class SoundlinkExportReader
{
    public const int MaxLineBytes = 1024 * 1024;
    private const int ExcerptChars = 300;
    private const int ChunkSize = 64 * 1024;

    public static async IAsyncEnumerable<RowReadResult> ReadAsync(Stream stream,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parser = new RowParser();
        var buffer = new byte[ChunkSize];
        int start = 0, end = 0, scan = 0;
        long lineNumber = 0;
        var eof = false;
        var atTextStart = true;
        string? skippedExcerpt = null;
        long skippedLength = 0;
        string? fatal = null;

        while (true)
        {
            if (atTextStart)
            {
                // Enough bytes to see a BOM and the first significant character, whatever white space comes
                // first (within the first buffer): the body's form must not depend on how the stream is chunked.
                while (!eof && fatal is null && buffer.Length - end >= 4 && (end < 4 || FirstSignificant(
                    buffer.AsSpan(0, end)[(buffer.AsSpan(0, end).StartsWith(Utf8Bom) ? Utf8Bom.Length : 0)..]) < 0))
                {
                    (eof, fatal) = await FillAsync(stream, buffer, end, n => end += n, cancellationToken);
                }
                if (fatal is not null)
                {
                    break;
                }
                if (end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    start = scan = 3;
                }
                if (stream is not JsonStringBodyStream && FirstSignificant(buffer.AsSpan(start, end - start)) is var quote && quote >= 0 &&
                    buffer[start + quote] == (byte)'"')
                {
                    stream = new JsonStringBodyStream(stream, buffer.AsSpan(start + quote + 1, end - start - quote - 1));
                    start = end = scan = 0;
                    eof = false;
                    continue;
                }
                atTextStart = false;
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', scan, end - scan);
            if (newline >= 0 || (eof && (start < end || skippedExcerpt is not null)))
            {
                var lineEnd = newline >= 0 ? newline : end;
                lineNumber++;
                RowReadResult? result;
                if (skippedExcerpt is not null)
                {
                    result = TooLong(lineNumber, skippedLength + (lineEnd - start), skippedExcerpt);
                    skippedExcerpt = null;
                    skippedLength = 0;
                }
                else
                {
                    result = ParseLine(parser, lineNumber, buffer.AsSpan(start, lineEnd - start));
                }
                start = scan = newline >= 0 ? newline + 1 : end;
                if (result is { } r)
                {
                    yield return r;
                }
                continue;
            }
            if (eof)
            {
                break;
            }
            if (fatal is not null)
            {
                break;
            }

            scan = end;
            if (end - start > MaxLineBytes + 1)
            {
                // Too long: remember how it started, then drop bytes until the next newline.
                skippedExcerpt ??= MakeExcerpt(buffer.AsSpan(start, end - start));
                skippedLength += end - start;
                start = end = scan = 0;
            }
            else if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                scan -= start;
                start = 0;
            }
            // JsonStringBodyStream needs room for one decoded escape (up to 4 bytes) per read.
            if (buffer.Length - end < 4)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxLineBytes + ChunkSize));
            }
            (eof, fatal) = await FillAsync(stream, buffer, end, n => end += n, cancellationToken);
        }

        if (fatal is not null)
        {
            yield return new RowReadResult(lineNumber + 1, null, fatal + "; reading stopped there", null);
        }
    }

    private static async ValueTask<(bool Eof, string? Fatal)> FillAsync(Stream stream, byte[] buffer, int end,
        Action<int> advance, CancellationToken cancellationToken)
    {
        try
        {
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            advance(read);
            return (read == 0, null);
        }
        catch (InvalidDataException ex)
        {
            return (true, ex.Message);
        }
    }

    private static RowReadResult? ParseLine(RowParser parser, long lineNumber, ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        if (FirstSignificant(line) < 0)
        {
            return null;
        }
        if (line.Length > MaxLineBytes)
        {
            return TooLong(lineNumber, line.Length, MakeExcerpt(line));
        }
        var row = parser.Parse(line, out var error);
        return row is not null
            ? new RowReadResult(lineNumber, row, null, null)
            : new RowReadResult(lineNumber, null, error, MakeExcerpt(line));
    }

    private static RowReadResult TooLong(long lineNumber, long length, string excerpt) =>
        new(lineNumber, null, $"the line is {length:N0} bytes long, over the limit of {MaxLineBytes:N0} bytes", excerpt);

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static int FirstSignificant(ReadOnlySpan<byte> text) =>
        text.IndexOfAnyExcept(" \t\r\n"u8);

    internal static string MakeExcerpt(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, ExcerptChars * 4)]);
        return text.Length <= ExcerptChars ? text : text[..ExcerptChars];
    }
}
