using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace MailTls.Bench;

/// <summary>
/// One direction of a relayed TCP connection: every chunk read is written out one-way delay after
/// it arrived, in order, as a network path of that latency would deliver it. Nothing is delivered
/// before the connection "opens", one round trip after the client connected, as TCP's handshake
/// would make it.
/// </summary>
internal static class DelayedPipe
{
    public static async Task RunAsync(Socket from, Socket to, TimeSpan oneWay, TimeSpan openAt, Stopwatch clock, CancellationToken cancellationToken)
    {
        var chunks = Channel.CreateUnbounded<(TimeSpan Due, byte[] Data)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = WriteAsync(chunks.Reader, to, clock, cancellationToken);
        try
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var arrived = clock.Elapsed;
                var due = (arrived > openAt ? arrived : openAt) + oneWay;
                await chunks.Writer.WriteAsync((due, buffer.AsSpan(0, read).ToArray()), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            chunks.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
    }

    private static async Task WriteAsync(ChannelReader<(TimeSpan Due, byte[] Data)> chunks, Socket to, Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (due, data) in chunks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                await to.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            // The end of the stream travels with the same delay as the data before it.
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
