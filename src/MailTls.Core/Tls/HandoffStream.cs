using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Tls;

/// <summary>
/// The connection as a protocol client sees it until the server says "go ahead with TLS": reads and
/// writes pass through, but the first TLS handshake record the client's own SslStream tries to send
/// is held back (the write throws) and the connection stays open, so the enumerator's TLS client can
/// send its ClientHello instead. Disposing it leaves the connection open.
/// </summary>
internal sealed class HandoffStream : Stream
{
    private readonly Stream _inner;
    private int _handedOff;

    public HandoffStream(Stream inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The client got as far as its ClientHello: the server is waiting for one.</summary>
    public bool HandedOff => Volatile.Read(ref _handedOff) == 1;

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int ReadTimeout
    {
        get => _inner.ReadTimeout;
        set => _inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => _inner.WriteTimeout;
        set => _inner.WriteTimeout = value;
    }

    public override bool CanTimeout => _inner.CanTimeout;

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count)
    {
        HoldBackHandshake(IsHandshake(buffer, offset, count));
        _inner.Write(buffer, offset, count);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        HoldBackHandshake(IsHandshake(buffer, offset, count));
        return _inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

#if NET
    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        HoldBackHandshake(buffer.Length >= 3 && buffer[0] == 0x16 && buffer[1] == 0x03);
        _inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        HoldBackHandshake(buffer.Length >= 3 && buffer.Span[0] == 0x16 && buffer.Span[1] == 0x03);
        return _inner.WriteAsync(buffer, cancellationToken);
    }
#endif

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // The connection belongs to the enumerator.
    protected override void Dispose(bool disposing)
    {
    }

    // A TLS record of type handshake (22) with a 3.x version: no IMAP or POP3 command starts with these bytes.
    private static bool IsHandshake(byte[] buffer, int offset, int count) => count >= 3 && buffer[offset] == 0x16 && buffer[offset + 1] == 0x03;

    private void HoldBackHandshake(bool handshake)
    {
        if (handshake)
        {
            Volatile.Write(ref _handedOff, 1);
            throw new IOException("The TLS handshake is left to the enumerator.");
        }
    }
}
