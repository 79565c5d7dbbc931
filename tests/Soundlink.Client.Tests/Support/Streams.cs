using System.Text;

namespace Soundlink.Client.Tests.Support;

/// <summary>Hands out at most <see cref="_max"/> bytes per read, so that every split point is exercised.</summary>
internal sealed class TrickleStream(Stream inner, int max = 1) : Stream
{
    private readonly int _max = max;

    public int Reads { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Reads++;
        return inner.Read(buffer, offset, Math.Min(count, _max));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reads++;
        return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, _max)], cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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

/// <summary>
/// A non-seekable stream that produces <c>prefix + repeated × count + suffix</c> on the fly, never holding more
/// than those three pieces. <see cref="OnProgress"/> is called with the bytes produced so far after each read.
/// </summary>
internal sealed class GeneratedStream(byte[] prefix, byte[] repeated, long count, byte[] suffix) : Stream
{
    private long _position;
    private readonly long _length = prefix.Length + repeated.Length * count + suffix.Length;

    public GeneratedStream(string prefix, string repeated, long count, string suffix)
        : this(Encoding.UTF8.GetBytes(prefix), Encoding.UTF8.GetBytes(repeated), count, Encoding.UTF8.GetBytes(suffix))
    {
    }

    public long TotalBytes => _length;

    public Action<long>? OnProgress { get; set; }

    public long Produced => _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < _length)
        {
            byte[] piece;
            long pieceStart;
            if (_position < prefix.Length)
            {
                (piece, pieceStart) = (prefix, 0);
            }
            else if (_position < prefix.Length + repeated.Length * count)
            {
                (piece, pieceStart) = (repeated, prefix.Length + (_position - prefix.Length) / repeated.Length * repeated.Length);
            }
            else
            {
                (piece, pieceStart) = (suffix, prefix.Length + repeated.Length * count);
            }
            var from = (int)(_position - pieceStart);
            var n = Math.Min(piece.Length - from, buffer.Length - written);
            piece.AsSpan(from, n).CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }
        OnProgress?.Invoke(_position);
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

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
