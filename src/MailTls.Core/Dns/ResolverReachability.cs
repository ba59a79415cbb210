using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Dns;

/// <summary>
/// Tells a resolver that is down (port closed, no route) from one that is merely silent.
/// DnsClient cannot: it sends from unconnected UDP sockets, which never see the ICMP error,
/// so both look like a timeout. A connected UDP socket does see it.
/// </summary>
internal static class ResolverReachability
{
    /// <returns>The socket error that proves the server unreachable, or null when nothing proves it.</returns>
    public static async Task<SocketError?> FindUnreachableErrorAsync(IPEndPoint server, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var udp = new UdpClient(server.AddressFamily);
        try
        {
            udp.Connect(server);
            // An empty datagram is not a DNS message: a live resolver drops it, a closed port answers ICMP.
            await udp.SendAsync(Array.Empty<byte>(), 0).ConfigureAwait(false);
            var receive = udp.ReceiveAsync();
            var finished = await Task.WhenAny(receive, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
            if (finished == receive)
            {
                await receive.ConfigureAwait(false);
            }

            return null;
        }
        catch (SocketException ex) when (IsUnreachable(ex.SocketErrorCode))
        {
            return ex.SocketErrorCode;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Errors that mean "nothing will ever answer there", as opposed to "no answer yet".</summary>
    public static bool IsUnreachable(SocketError error) =>
        error is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable
            or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable;
}
