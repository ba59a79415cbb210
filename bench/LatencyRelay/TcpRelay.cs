using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bench;

/// <summary>Accepts TCP connections on one address and forwards each to the target, both directions delayed.</summary>
internal sealed class TcpRelay
{
    private readonly RelayMapping _mapping;
    private readonly TimeSpan _oneWay;
    private int _connections;

    public TcpRelay(RelayMapping mapping, TimeSpan oneWay)
    {
        _mapping = mapping;
        _oneWay = oneWay;
    }

    public int Connections => Volatile.Read(ref _connections);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new Socket(_mapping.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(_mapping.Listen);
        listener.Listen(512);
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => RelayAsync(client, cancellationToken), cancellationToken);
        }
    }

    private async Task RelayAsync(Socket client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using (client)
        using (var upstream = new Socket(_mapping.Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            client.NoDelay = true;
            upstream.NoDelay = true;
            try
            {
                await upstream.ConnectAsync(_mapping.Target, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return;
            }

            // TCP's handshake costs one round trip before either side's first byte can travel.
            var openAt = _oneWay + _oneWay;
            await Task.WhenAll(
                DelayedPipe.RunAsync(client, upstream, _oneWay, openAt, clock, cancellationToken),
                DelayedPipe.RunAsync(upstream, client, _oneWay, openAt, clock, cancellationToken)).ConfigureAwait(false);
        }
    }
}
