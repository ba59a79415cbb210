using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using MailTls.Diagnostics;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace MailTls.Tls;

/// <summary>
/// One connection: connect, plaintext preamble, one ClientHello, and the server's answer. Blocking,
/// for a dedicated thread. Every step has the phase time limit and the whole probe a deadline;
/// Ctrl+C closes the socket at once. Only cancellation throws.
/// </summary>
internal static class TlsProbe
{
    public static ProbeOutcome Run(TlsEndpoint endpoint, ProbeRequest request, TlsEnumerationOptions options, TlsCrypto crypto, OperationLog log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var deadlineHit = false;
        using var deadline = new Timer(_ =>
        {
            deadlineHit = true;
            socket.Dispose();
        }, null, options.ProbeDeadline, Timeout.InfiniteTimeSpan);
        using var cancel = cancellationToken.Register(socket.Dispose);
        TlsPreambleResult? preamble = null;
        try
        {
            var connectFailure = Connect(socket, endpoint, options.PhaseTimeout, cancellationToken);
            if (connectFailure is not null)
            {
                return Finish(connectFailure, clock);
            }

            using var stream = new ProbeStream(socket, options.PhaseTimeout, options.MaxServerBytes);
            preamble = endpoint.Preamble.Run(stream, endpoint, log, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            switch (preamble.Outcome)
            {
                case TlsPreambleOutcome.Busy:
                    return Finish(new ProbeOutcome(ProbeOutcomeKind.Busy, preamble.Message), clock);
                case TlsPreambleOutcome.Refused:
                    return Finish(new ProbeOutcome(ProbeOutcomeKind.Unusable, preamble.Message), clock);
                case TlsPreambleOutcome.Failed:
                    return Finish(new ProbeOutcome(ProbeOutcomeKind.Failed, deadlineHit ? $"The probe took longer than {options.ProbeDeadline.TotalSeconds:0.#} s." : preamble.Message), clock);
            }

            return Finish(Handshake(stream, endpoint, request, crypto, () => deadlineHit, options), clock);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The probe was cancelled.", ex, cancellationToken);
        }
        finally
        {
            socket.Dispose();
            preamble?.Session?.Dispose();
        }
    }

    private static ProbeOutcome? Connect(Socket socket, TlsEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var connect = socket.ConnectAsync(new IPEndPoint(endpoint.Address, endpoint.Port));
            if (!connect.Wait((int)timeout.TotalMilliseconds, cancellationToken))
            {
                socket.Dispose();
                return new ProbeOutcome(ProbeOutcomeKind.Failed, $"No answer to the TCP connection within {timeout.TotalSeconds:0.#} s.");
            }

            return null;
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException socketError)
        {
            var refused = socketError.SocketErrorCode == SocketError.ConnectionRefused;
            return new ProbeOutcome(refused ? ProbeOutcomeKind.Busy : ProbeOutcomeKind.Failed,
                refused ? "The server refused the TCP connection." : $"The TCP connection failed: {socketError.SocketErrorCode}.")
            {
                ConnectionRefused = refused,
            };
        }
    }

    private static ProbeOutcome Handshake(ProbeStream stream, TlsEndpoint endpoint, ProbeRequest request, TlsCrypto crypto, Func<bool> deadlineHit, TlsEnumerationOptions options)
    {
        var record = new ProbeRecord(request);
        var bytesBefore = stream.BytesReceived;
        Exception? error = null;
        try
        {
            var protocol = new ProbeProtocol(stream, record);
            protocol.Connect(new ProbeClient(crypto, record, endpoint.ServerName));
        }
        catch (Exception ex)
        {
            error = ex;
        }

        if (record.ServerHelloSeen)
        {
            return new ProbeOutcome(ProbeOutcomeKind.Answered, "ServerHello")
            {
                ServerVersion = record.ServerVersion,
                CipherSuite = record.CipherSuite,
                HelloRetry = record.HelloRetry,
                Group = record.Group,
                DhPrimeBits = record.DhPrimeBits,
                Certificates = record.Certificates ?? Array.Empty<byte[]>(),
            };
        }

        if (record.AlertReceived is { } alert)
        {
            return new ProbeOutcome(ProbeOutcomeKind.Rejected, $"alert {AlertDescription.GetText(alert)}");
        }

        if (stream.TimedOut || deadlineHit())
        {
            return new ProbeOutcome(ProbeOutcomeKind.Failed, $"No answer to the ClientHello within {options.PhaseTimeout.TotalSeconds:0.#} s.");
        }

        // Servers that find nothing acceptable in a ClientHello often just close the connection.
        if (stream.BytesReceived == bytesBefore && Innermost(error) is EndOfStreamException or IOException or TlsNoCloseNotifyException or null)
        {
            return new ProbeOutcome(ProbeOutcomeKind.Rejected, "closed the connection without a ServerHello");
        }

        return new ProbeOutcome(ProbeOutcomeKind.Failed, $"The handshake failed before a ServerHello: {Innermost(error)?.Message}");
    }

    private static ProbeOutcome Finish(ProbeOutcome outcome, Stopwatch clock)
    {
        outcome.Elapsed = clock.Elapsed;
        return outcome;
    }

    private static Exception? Innermost(Exception? error)
    {
        while (error?.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }
}
