using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MailKit;

namespace MailTls.Smtp;

/// <summary>The two ends of every probe's connection, for every protocol: the TCP connect with its own time limit, and the polite goodbye.</summary>
internal static class ProbeConnection
{
    /// <summary>Connects within <paramref name="timeout"/>; a refusal, a silence or an unreachable route comes back as a finding, Ctrl+C throws.</summary>
    public static async Task<(Finding Finding, bool Ran)?> ConnectAsync(Socket socket, IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var timedOut = false;
        using var abort = limit.Token.Register(() =>
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            socket.Dispose();
        });

        try
        {
            await socket.ConnectAsync(endpoint).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The probe was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex) when (timedOut || ex is SocketException)
        {
            return SmtpFailureClassifier.ClassifyConnect(ex as SocketException, timedOut, endpoint, timeout);
        }
    }

    /// <summary>QUIT (LOGOUT for IMAP) ends every dialogue that is still open; a server that will not take it changes nothing.</summary>
    public static async Task QuitAsync(MailService client, CancellationToken cancellationToken)
    {
        if (!client.IsConnected || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
        }
    }
}
