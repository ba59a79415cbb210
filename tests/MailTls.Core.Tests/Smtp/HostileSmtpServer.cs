using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Tests.Smtp;

/// <summary>
/// A scripted TCP server for what Postfix will not do: endless lines, floods, stalls, garbage
/// instead of TLS, resets. A fake on purpose: it stands in only for hostile or broken servers.
/// It serves one connection with the given script and reports when the client went away, or, made
/// with a connection count, that many connections at once, each told its number (1, 2, …).
/// </summary>
internal sealed class HostileSmtpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public HostileSmtpServer(Func<Session, Task> script)
    {
        _listener = Listen();
        _serving = ServeAsync(script);
    }

    public HostileSmtpServer(Func<Session, int, Task> script, int connections)
    {
        _listener = Listen();
        _serving = ServeManyAsync(script, connections);
    }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private int _accepted;

    private static Socket Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.99"), 0));
        listener.Listen(64);
        return listener;
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Completes when the client closed its end after the script ran (no leaked socket).</summary>
    public TaskCompletionSource ClientClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeManyAsync(Func<Session, int, Task> script, int connections)
    {
        var sessions = new System.Collections.Generic.List<Task>();
        for (var i = 1; i <= connections; i++)
        {
            var socket = await _listener.AcceptAsync(_stop.Token);
            var number = Interlocked.Increment(ref _accepted);
            sessions.Add(Task.Run(async () =>
            {
                using (socket)
                using (var stream = new NetworkStream(socket))
                {
                    var session = new Session(socket, stream, _stop.Token);
                    try
                    {
                        await script(session, number);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                    {
                    }

                    await session.DrainUntilClosedAsync(new TaskCompletionSource());
                }
            }));
        }

        await Task.WhenAll(sessions);
    }

    private async Task ServeAsync(Func<Session, Task> script)
    {
        using var socket = await _listener.AcceptAsync(_stop.Token);
        Interlocked.Increment(ref _accepted);
        using var stream = new NetworkStream(socket);
        var session = new Session(socket, stream, _stop.Token);
        try
        {
            await script(session);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The client hung up while the script was still talking: that is what most tests provoke.
        }

        await session.DrainUntilClosedAsync(ClientClosed);
    }

    public sealed class Session
    {
        private readonly byte[] _one = new byte[1];

        public Session(Socket socket, NetworkStream stream, CancellationToken stop)
        {
            Socket = socket;
            Stream = stream;
            Stop = stop;
        }

        public Socket Socket { get; }

        public NetworkStream Stream { get; }

        public CancellationToken Stop { get; }

        public Task SendAsync(string text) => Stream.WriteAsync(Encoding.ASCII.GetBytes(text), Stop).AsTask();

        /// <summary>Reads one CRLF-terminated line from the client.</summary>
        public async Task<string> ReadLineAsync()
        {
            var line = new StringBuilder();
            while (await Stream.ReadAsync(_one, Stop) == 1)
            {
                if (_one[0] == '\n')
                {
                    return line.ToString().TrimEnd('\r');
                }

                line.Append((char)_one[0]);
            }

            throw new IOException("The client closed the connection.");
        }

        /// <summary>Greets, answers EHLO offering STARTTLS, and waits for the STARTTLS command.</summary>
        public async Task UpToStartTlsAsync()
        {
            await SendAsync("220 hostile.test ESMTP\r\n");
            await ReadLineAsync();
            await SendAsync("250-hostile.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
            var command = await ReadLineAsync();
            if (!command.StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Expected STARTTLS, got '{command}'.");
            }
        }

        /// <summary>A server without STARTTLS that answers EHLO and QUIT and nothing else.</summary>
        public async Task PlainDialogueAsync()
        {
            await SendAsync("220 hostile.test ESMTP\r\n");
            await ReadLineAsync();
            await SendAsync("250-hostile.test\r\n250 PIPELINING\r\n");
            await ReadLineAsync();
            await SendAsync("221 2.0.0 Bye\r\n");
        }

        /// <summary>Sends nothing more (as a stalled server does) and reads until the client gives up.</summary>
        public async Task StallAsync()
        {
            var buffer = new byte[4096];
            while (await Stream.ReadAsync(buffer, Stop) > 0)
            {
            }
        }

        public async Task DrainUntilClosedAsync(TaskCompletionSource closed)
        {
            var buffer = new byte[4096];
            try
            {
                while (await Stream.ReadAsync(buffer, Stop) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
            }

            closed.TrySetResult();
        }
    }
}
