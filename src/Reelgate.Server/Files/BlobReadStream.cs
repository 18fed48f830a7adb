using Reelgate.Core.Ports;

namespace Reelgate.Server.Files;

/// <summary>
/// A blob of known length as a seekable stream that reaches the store only when read, and again
/// from the new position after a seek. ASP.NET's file results then do Range (206), ETag and
/// If-None-Match (304) for any store: a 304 reads nothing, a 206 reads from its first byte on.
/// </summary>
internal sealed class BlobReadStream(IBlobStore blobs, string key, long length) : Stream
{
    private Stream? _inner;
    private long _innerPosition;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        if (_inner is null || _innerPosition != _position)
        {
            if (_inner is not null)
            {
                await _inner.DisposeAsync();
            }

            _inner = await blobs.OpenReadAsync(key, _position, cancellationToken)
                ?? throw new IOException($"The blob '{key}' was removed while it was being read.");
            _innerPosition = _position;
        }

        var read = await _inner.ReadAsync(buffer, cancellationToken);
        _position += read;
        _innerPosition += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Blocking reads would hold a thread for a network round trip; the file results read asynchronously.</summary>
    public override int Read(byte[] buffer, int offset, int count)
        => throw new NotSupportedException("A blob stream is read asynchronously.");

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_inner is not null)
        {
            await _inner.DisposeAsync();
            _inner = null;
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner?.Dispose();
            _inner = null;
        }

        base.Dispose(disposing);
    }
}
