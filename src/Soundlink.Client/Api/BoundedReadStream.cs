namespace Soundlink.Client.Api;

/// <summary>
/// A response body read under limits: at most <see cref="ExportLimits.MaxBytes"/>, no gap between two reads longer
/// than the idle timeout, no longer in all than the total timeout. Breaking one throws a
/// <see cref="SoundlinkApiException"/> that names the limit, so a slow or endless upstream frees its caller.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, ExportLimits limits, string? requestId, TimeProvider time) : Stream
{
    private readonly long _deadline = time.GetTimestamp() + (long)(limits.TotalTimeout.TotalSeconds * time.TimestampFrequency);
    private long _bytes;

    public long BytesRead => _bytes;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var left = TimeSpan.FromSeconds((double)(_deadline - time.GetTimestamp()) / time.TimestampFrequency);
        if (left <= TimeSpan.Zero)
        {
            throw TotalTimeout();
        }
        var totalIsNearer = left < limits.IdleTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(totalIsNearer ? left : limits.IdleTimeout);
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw totalIsNearer ? TotalTimeout() : new SoundlinkApiException(0, "export_stalled",
                $"The export stream sent nothing for {limits.IdleTimeout.TotalSeconds:0.#} s after {_bytes:N0} bytes; the slice was dropped.", requestId);
        }
        _bytes += read;
        if (_bytes > limits.MaxBytes)
        {
            throw new SoundlinkApiException(0, "export_too_large",
                $"The export is larger than {limits.MaxBytes:N0} bytes, the most one slice may carry (Soundlink:Client:ExportMaxBytes).", requestId);
        }
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private SoundlinkApiException TotalTimeout() => new(0, "export_timeout",
        $"The export took longer than {limits.TotalTimeout.TotalSeconds:0.#} s, the most one slice may take (Soundlink:Client:ExportTotalTimeout); {_bytes:N0} bytes had arrived.",
        requestId);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _bytes; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>What one export answer may carry and how long it may take (the "Soundlink:Client" options).</summary>
public sealed record ExportLimits(long MaxBytes, long MaxLines, TimeSpan IdleTimeout, TimeSpan TotalTimeout);
