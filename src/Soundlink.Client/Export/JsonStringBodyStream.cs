using System.Buffers;
using System.Text;

namespace Soundlink.Client.Export;

/// <summary>
/// Decodes, as a stream, an export body given as one JSON string holding the JSONL text (the form of the
/// documentation's example). Reads after the opening quote; ends at the closing quote, after which only
/// white space may follow. Malformed input raises <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class JsonStringBodyStream : Stream
{
    private const int ChunkSize = 64 * 1024;
    private readonly Stream _inner;
    private byte[] _raw;
    private int _start;
    private int _end;
    private bool _innerDone;
    private bool _closed;
    private long _consumed;

    public JsonStringBodyStream(Stream inner, ReadOnlySpan<byte> alreadyRead)
    {
        _inner = inner;
        _raw = new byte[Math.Max(ChunkSize, alreadyRead.Length)];
        alreadyRead.CopyTo(_raw);
        _end = alreadyRead.Length;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < 4)
        {
            throw new ArgumentException("Read at least 4 bytes at a time.", nameof(buffer));
        }
        while (true)
        {
            if (_closed)
            {
                await CheckTrailingAsync(cancellationToken);
                return 0;
            }
            var written = Decode(buffer.Span);
            if (written > 0 || _closed)
            {
                return written;
            }
            if (_innerDone)
            {
                throw new InvalidDataException("the body is a JSON string without its closing quote");
            }
            await FillAsync(cancellationToken);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_raw, _start, _raw, 0, _end - _start);
            _end -= _start;
            _consumed += _start;
            _start = 0;
        }
        var read = await _inner.ReadAsync(_raw.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _innerDone = true;
        }
        _end += read;
    }

    private async ValueTask CheckTrailingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var b in _raw.AsSpan(_start, _end - _start))
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    throw new InvalidDataException("unexpected content after the JSON string body");
                }
            }
            _start = _end;
            if (_innerDone)
            {
                return;
            }
            await FillAsync(cancellationToken);
        }
    }

    private static readonly SearchValues<byte> Special = SearchValues.Create("\"\\"u8);

    private int Decode(Span<byte> output)
    {
        var written = 0;
        while (_start < _end && output.Length - written >= 4)
        {
            var input = _raw.AsSpan(_start, _end - _start);
            var plain = input.IndexOfAny(Special);
            if (plain != 0)
            {
                var run = Math.Min(plain < 0 ? input.Length : plain, output.Length - written);
                input[..run].CopyTo(output[written..]);
                written += run;
                _start += run;
                continue;
            }
            if (input[0] == (byte)'"')
            {
                _start++;
                _closed = true;
                return written;
            }
            var used = DecodeEscape(input, output[written..], out var produced);
            if (used == 0)
            {
                break;
            }
            _start += used;
            written += produced;
        }
        return written;
    }

    /// <returns>Bytes of input used, or 0 when more input is needed.</returns>
    private int DecodeEscape(ReadOnlySpan<byte> input, Span<byte> output, out int produced)
    {
        produced = 0;
        if (input.Length < 2)
        {
            return NeedMore();
        }
        byte simple = input[1] switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'/' => (byte)'/',
            (byte)'b' => 0x08,
            (byte)'f' => 0x0C,
            (byte)'n' => (byte)'\n',
            (byte)'r' => (byte)'\r',
            (byte)'t' => (byte)'\t',
            (byte)'u' => 0,
            _ => throw Invalid($"an invalid escape \\{(char)input[1]}"),
        };
        if (simple != 0)
        {
            output[0] = simple;
            produced = 1;
            return 2;
        }
        if (input.Length < 6)
        {
            return NeedMore();
        }
        var unit = ParseHex(input.Slice(2, 4));
        var used = 6;
        Rune rune;
        if (char.IsHighSurrogate((char)unit))
        {
            if (input.Length < 12 && !_innerDone)
            {
                return 0;
            }
            if (input.Length >= 12 && input[6] == (byte)'\\' && input[7] == (byte)'u' &&
                ParseHex(input.Slice(8, 4)) is var low && char.IsLowSurrogate((char)low))
            {
                rune = new Rune((char)unit, (char)low);
                used = 12;
            }
            else
            {
                rune = Rune.ReplacementChar;
            }
        }
        else
        {
            rune = Rune.TryCreate((char)unit, out var r) ? r : Rune.ReplacementChar;
        }
        produced = rune.EncodeToUtf8(output);
        return used;
    }

    private int NeedMore() => _innerDone ? throw Invalid("an escape sequence cut off by the end of the body") : 0;

    private int ParseHex(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var b in hex)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => throw Invalid("an invalid \\u escape"),
            };
            value = value * 16 + digit;
        }
        return value;
    }

    private InvalidDataException Invalid(string what) =>
        new($"the body is a JSON string with {what} near byte {_consumed + _start + 1}");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
