using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Smtp;

/// <summary>
/// The probe's connection, guarded against servers that stall or flood: every read and write has
/// a time limit, and the server may send only so many bytes. Either fault closes the socket,
/// which is the one way to abort a pending socket operation on every runtime (.NET Framework
/// ignores cancellation tokens on NetworkStream).
/// </summary>
internal sealed class GuardedStream : Stream
{
    private readonly Socket _socket;
    private readonly NetworkStream _inner;
    private readonly TimeSpan _timeout;
    private readonly long _maxBytes;
    private long _received;

    public GuardedStream(Socket socket, TimeSpan timeout, long maxBytes)
    {
        _socket = socket;
        _inner = new NetworkStream(socket, ownsSocket: true);
        _timeout = timeout;
        _maxBytes = maxBytes;
    }

    /// <summary>A read or write did not finish within the time limit.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>The server sent more than the byte limit.</summary>
    public bool LimitExceeded { get; private set; }

    public long BytesReceived => Interlocked.Read(ref _received);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await GuardAsync(token => _inner.ReadAsync(buffer, offset, count, token), cancellationToken).ConfigureAwait(false);
        if (Interlocked.Add(ref _received, read) > _maxBytes)
        {
            LimitExceeded = true;
            _socket.Dispose();
            throw new IOException($"The server sent more than {_maxBytes / 1024} KiB; a real SMTP server does not.");
        }

        return read;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        GuardAsync(async token =>
        {
            await _inner.WriteAsync(buffer, offset, count, token).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    // MailKit and SslStream use the async paths here; the sync ones exist for completeness.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<int> GuardAsync(Func<CancellationToken, Task<int>> operation, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        using var abort = limit.Token.Register(() =>
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                TimedOut = true;
            }

            _socket.Dispose();
        });

        try
        {
            return await operation(limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (TimedOut && ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            throw new TimeoutException($"The server sent nothing for {_timeout.TotalSeconds:0.#} s.", ex);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is IOException or ObjectDisposedException or SocketException)
        {
            throw new OperationCanceledException("The probe was cancelled.", ex, cancellationToken);
        }
    }
}
