using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bench;

/// <summary>
/// Forwards UDP datagrams (DNS) to the target and the answers back, each delayed one way. Each
/// client address gets its own upstream socket, so answers find their way back.
/// </summary>
internal sealed class UdpRelay
{
    private static readonly TimeSpan IdleUpstream = TimeSpan.FromSeconds(5);

    private readonly RelayMapping _mapping;
    private readonly TimeSpan _oneWay;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<IPEndPoint, Upstream> _upstreams = new();

    public UdpRelay(RelayMapping mapping, TimeSpan oneWay)
    {
        _mapping = mapping;
        _oneWay = oneWay;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new Socket(_mapping.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        listener.Bind(_mapping.Listen);
        var buffer = new byte[65536];
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = await listener.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(_mapping.Listen.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), cancellationToken).ConfigureAwait(false);
            var client = (IPEndPoint)received.RemoteEndPoint;
            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            _ = SendUpstreamLaterAsync(listener, client, datagram, cancellationToken);
        }
    }

    // The upstream is taken when the query leaves, not when it arrived, and marked in use: an upstream
    // closed for idleness during the one-way delay, or while its answer travels, would lose the query
    // (a packet loss the client waits out for its whole timeout, which no real path of this latency causes).
    private async Task SendUpstreamLaterAsync(Socket listener, IPEndPoint client, byte[] datagram, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_oneWay, cancellationToken).ConfigureAwait(false);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var upstream = _upstreams.GetOrAdd(client, c => Open(listener, c, cancellationToken));
                upstream.Touch(_clock);
                try
                {
                    await upstream.Socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (ObjectDisposedException)
                {
                    _upstreams.TryRemove(new KeyValuePair<IPEndPoint, Upstream>(client, upstream));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
        }
    }

    private Upstream Open(Socket listener, IPEndPoint client, CancellationToken cancellationToken)
    {
        var upstream = new Upstream(new Socket(_mapping.Target.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
        upstream.Socket.Connect(_mapping.Target);
        upstream.Touch(_clock);
        _ = Task.Run(() => ReturnAnswersAsync(listener, upstream, client, cancellationToken), cancellationToken);
        return upstream;
    }

    // Resolvers use a fresh source port per query: an upstream unused for a while has answered its query,
    // and keeping thousands of them open would cost the relay memory and the machine CPU the bench measures.
    private async Task ReturnAnswersAsync(Socket listener, Upstream upstream, IPEndPoint client, CancellationToken cancellationToken)
    {
        // The lab's unbound answers UDP with at most 1232 bytes (larger answers are truncated and asked again over TCP).
        var buffer = new byte[8192];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var quiet = IdleUpstream - upstream.Unused(_clock);
                if (quiet <= TimeSpan.Zero)
                {
                    break;
                }

                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(quiet);
                try
                {
                    var read = await upstream.Socket.ReceiveAsync(buffer, SocketFlags.None, idle.Token).ConfigureAwait(false);
                    upstream.Touch(_clock);
                    _ = SendBackLaterAsync(listener, buffer.AsSpan(0, read).ToArray(), client, cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Quiet for a while; closed only if no query went out meanwhile.
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _upstreams.TryRemove(new KeyValuePair<IPEndPoint, Upstream>(client, upstream));
            upstream.Socket.Dispose();
        }
    }

    // An answer, back to the client from the listening socket.
    private async Task SendBackLaterAsync(Socket listener, byte[] datagram, EndPoint client, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_oneWay, cancellationToken).ConfigureAwait(false);
            await listener.SendToAsync(datagram, SocketFlags.None, client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private sealed class Upstream
    {
        private long _lastUse;

        public Upstream(Socket socket) => Socket = socket;

        public Socket Socket { get; }

        public void Touch(Stopwatch clock) => Volatile.Write(ref _lastUse, clock.ElapsedTicks);

        public TimeSpan Unused(Stopwatch clock) =>
            TimeSpan.FromSeconds((clock.ElapsedTicks - Volatile.Read(ref _lastUse)) / (double)Stopwatch.Frequency);
    }
}
