using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    private readonly RelayMapping _mapping;
    private readonly TimeSpan _oneWay;
    private static readonly TimeSpan IdleUpstream = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<IPEndPoint, Socket> _upstreams = new();

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
            var upstream = _upstreams.GetOrAdd(client, c => Upstream(listener, c, cancellationToken));
            _ = SendLaterAsync(upstream, datagram, _mapping.Target, cancellationToken);
        }
    }

    private Socket Upstream(Socket listener, IPEndPoint client, CancellationToken cancellationToken)
    {
        var upstream = new Socket(_mapping.Target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        upstream.Connect(_mapping.Target);
        _ = Task.Run(() => ReturnAnswersAsync(listener, upstream, client, cancellationToken), cancellationToken);
        return upstream;
    }

    // Resolvers use a fresh source port per query: an upstream idle for a while has answered its query,
    // and keeping thousands of them open would cost the relay memory and the machine CPU the bench measures.
    private async Task ReturnAnswersAsync(Socket listener, Socket upstream, IPEndPoint client, CancellationToken cancellationToken)
    {
        // The lab's unbound answers UDP with at most 1232 bytes (larger answers are truncated and asked again over TCP).
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(IdleUpstream);
                var read = await upstream.ReceiveAsync(buffer, SocketFlags.None, idle.Token).ConfigureAwait(false);
                _ = SendLaterAsync(listener, buffer.AsSpan(0, read).ToArray(), client, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _upstreams.TryRemove(new KeyValuePair<IPEndPoint, Socket>(client, upstream));
            upstream.Dispose();
        }
    }

    private async Task SendLaterAsync(Socket socket, byte[] datagram, EndPoint to, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_oneWay, cancellationToken).ConfigureAwait(false);
            if (socket.Connected)
            {
                await socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.SendToAsync(datagram, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
