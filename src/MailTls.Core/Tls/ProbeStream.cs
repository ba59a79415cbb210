using System;
using System.IO;
using System.Net.Sockets;

namespace MailTls.Tls;

/// <summary>
/// A probe's connection with blocking reads and writes only: each step has the socket's own time
/// limit, and the server may send only so many bytes. Blocking on purpose: probes run on
/// dedicated threads, where blocking costs nothing, and awaiting would need the thread pool.
/// </summary>
internal sealed class ProbeStream : Stream
{
    private readonly Socket _socket;
    private readonly long _maxBytes;
    private long _received;

    public ProbeStream(Socket socket, TimeSpan timeout, long maxBytes)
    {
        _socket = socket;
        _maxBytes = maxBytes;
        var milliseconds = (int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds));
        socket.ReceiveTimeout = milliseconds;
        socket.SendTimeout = milliseconds;
    }

    /// <summary>A read or write did not finish within the time limit.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>The server sent nothing at all before closing or failing.</summary>
    public long BytesReceived => _received;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            var read = _socket.Receive(buffer, offset, count, SocketFlags.None);
            _received += read;
            if (_received > _maxBytes)
            {
                _socket.Dispose();
                throw new IOException($"The server sent more than {_maxBytes / 1024} KiB before the handshake was over; no honest server does.");
            }

            return read;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut || ex.SocketErrorCode == SocketError.WouldBlock)
        {
            TimedOut = true;
            throw new IOException($"The server sent nothing for {_socket.ReceiveTimeout / 1000.0:0.#} s.", ex);
        }
        catch (SocketException ex)
        {
            throw new IOException(ex.Message, ex);
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            while (count > 0)
            {
                var sent = _socket.Send(buffer, offset, count, SocketFlags.None);
                offset += sent;
                count -= sent;
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut || ex.SocketErrorCode == SocketError.WouldBlock)
        {
            TimedOut = true;
            throw new IOException("The server accepted no data within the time limit.", ex);
        }
        catch (SocketException ex)
        {
            throw new IOException(ex.Message, ex);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Dispose();
        }

        base.Dispose(disposing);
    }
}
