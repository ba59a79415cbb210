using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailTls.Certificates;
using MailTls.Dane;
using MailTls.Diagnostics;

namespace MailTls.Smtp;

/// <summary>
/// Probes one address the way a sending MTA would: connect, greeting, EHLO, STARTTLS (or
/// implicit TLS), handshake, EHLO again, QUIT. Never MAIL, RCPT or DATA. Every outcome, from a
/// refused connection to a hostile server, comes back as a result; only cancellation throws.
/// </summary>
public sealed class SmtpProber
{
    private readonly SmtpProbeOptions _options;

    public SmtpProber(SmtpProbeOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    public SmtpProbeOptions Options => _options;

    /// <param name="target">The address to probe and where it came from.</param>
    /// <param name="log">Receives the transcript; null for none.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="tlsa">The server's TLSA records, to check the presented certificate against (DANE).</param>
    public async Task<SmtpTlsResult> ProbeAsync(SmtpTarget target, OperationLog? log, CancellationToken cancellationToken, TlsaLookup? tlsa = null)
    {
        if (target is null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        log ??= OperationLog.None;
        var clock = Stopwatch.StartNew();
        var serverName = _options.ServerName ?? target.Exchange;
        var endpoint = new IPEndPoint(target.Address, _options.Port);
        var probe = new ProbeState(target, _options, serverName);
        log.Write($"Probing {target.Exchange} at {endpoint} ({_options.Mode}, name {serverName}, EHLO {_options.HeloName}).");

        var socket = new Socket(target.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connectFailure = await ConnectAsync(socket, endpoint, cancellationToken).ConfigureAwait(false);
        probe.ConnectMs = clock.Elapsed.TotalMilliseconds;
        if (connectFailure is not null)
        {
            socket.Dispose();
            log.Write($"Connect failed: {connectFailure.Value.Finding}");
            probe.Dane(tlsa, WithoutSession(tlsa));
            return probe.Finish(connectFailure.Value.Finding, ran: false, clock, log);
        }

        using var stream = new GuardedStream(socket, _options.PhaseTimeout, _options.MaxServerBytes);
        var transcript = new SmtpTranscript(clock, log);
        var capture = new HandshakeCapture(clock);
        using var client = new SmtpClient(transcript)
        {
            LocalDomain = _options.HeloName,
            CheckCertificateRevocation = false,
            // A backstop only: GuardedStream enforces the per-step limit itself.
            Timeout = (int)(_options.PhaseTimeout.TotalMilliseconds * 2),
            ServerCertificateValidationCallback = capture.Validate,
        };
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(_options.OverallTimeout);

        (Finding Finding, bool Ran)? failure = null;
        try
        {
            var secure = _options.Mode == SmtpTlsMode.Implicit ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
            await client.ConnectAsync(stream, serverName, _options.Port, secure, overall.Token).ConfigureAwait(false);
            probe.Negotiated(client);
            await QuitAsync(client, overall.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure = SmtpFailureClassifier.ClassifyDialogue(ex, transcript, stream, capture, _options, overall.IsCancellationRequested);
            await QuitAsync(client, overall.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The probe was cancelled.", ex, cancellationToken);
        }

        probe.Dialogue(transcript, capture);
        var now = DateTimeOffset.UtcNow;
        if (capture.Leaf is not null)
        {
            var report = CertificateInspector.Inspect(capture.Leaf, capture.Sent, serverName, _options.Trust, now);
            probe.Certificate(report, capture.Sent);
            log.Write($"Certificate: {report.Subject}, chain {(report.ChainValid ? "valid" : report.ChainStatus)}, name {(report.NameMatches ? "matches" : "does not match")} {serverName}, expires {report.NotAfter:yyyy-MM-dd}.");
        }

        var ran = failure?.Ran ?? true;
        var dane = ran ? DaneEvaluation.Evaluate(tlsa, capture.Leaf, capture.Sent, now) : WithoutSession(tlsa);
        probe.Dane(tlsa, dane);
        if (dane.Status != DaneStatus.None)
        {
            log.Write($"DANE {dane.Status}{(dane.Matched is null ? string.Empty : " by " + dane.Matched)} ({tlsa!.Owner}).");
        }

        return failure is { } f
            ? probe.Finish(f.Finding, f.Ran, clock, log)
            : probe.Finish(null, ran: true, clock, log);
    }

    // Without a session nothing can be matched; what the lookup alone shows still counts.
    private static DaneEvaluation WithoutSession(TlsaLookup? tlsa)
    {
        var evaluation = DaneEvaluation.Evaluate(tlsa, null, Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), DateTimeOffset.UtcNow);
        return evaluation.Status == DaneStatus.Mismatch ? DaneEvaluation.None : evaluation;
    }

    private async Task<(Finding Finding, bool Ran)?> ConnectAsync(Socket socket, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.PhaseTimeout);
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
            return SmtpFailureClassifier.ClassifyConnect(ex as SocketException, timedOut, endpoint, _options.PhaseTimeout);
        }
    }

    // QUIT ends every dialogue that is still open; a server that will not take it changes nothing.
    private static async Task QuitAsync(SmtpClient client, CancellationToken cancellationToken)
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
