using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailTls.Certificates;
using MailTls.Diagnostics;

namespace MailTls.Smtp;

/// <summary>
/// Probes one address the way a sending MTA would: connect, greeting, EHLO, STARTTLS (or
/// implicit TLS), handshake, EHLO again, QUIT. Never MAIL, RCPT or DATA. Whatever the server does,
/// from refusing the connection to sending garbage, comes back as facts; cancellation throws, and
/// so does a fault of MailTls's own, which must never pass for the server's.
/// </summary>
public sealed class SmtpProber : ISmtpProber
{
    private readonly SmtpProbeOptions _options;

    public SmtpProber(SmtpProbeOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    public SmtpProbeOptions Options => _options;

    async Task<SmtpProbeFacts> ISmtpProber.ProbeAsync(IPAddress address, string hostName, bool answeredBefore, OperationLog log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var serverName = _options.ServerName ?? hostName;
        var endpoint = new IPEndPoint(address, _options.Port);
        var probe = new ProbeState(address, _options, serverName);
        if (log.IsEnabled)
        {
            log.Write($"Probing {hostName} at {endpoint} ({_options.Mode}, name {serverName}, EHLO {_options.HeloName}).");
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connectFailure = await ProbeConnection.ConnectAsync(socket, endpoint, _options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
        probe.ConnectMs = clock.Elapsed.TotalMilliseconds;
        if (connectFailure is not null)
        {
            socket.Dispose();
            log.Write($"Connect failed: {connectFailure.Value.Finding}");
            var refusedWhileBusy = answeredBefore && connectFailure.Value.Finding.Code == FindingCodes.ConnectRefused;
            return probe.Finish(connectFailure.Value.Finding, ran: false, refusedWhileBusy, clock, log);
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
        var secure = _options.Mode == SmtpTlsMode.Implicit ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        try
        {
            await client.ConnectAsync(stream, serverName, _options.Port, secure, overall.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && capture.Fault is null && SmtpFailureClassifier.IsCausedByServer(ex, stream.TimedOut || stream.LimitExceeded || overall.IsCancellationRequested))
        {
            failure = SmtpFailureClassifier.ClassifyDialogue(ex, transcript, stream, capture, _options, overall.IsCancellationRequested);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The probe was cancelled.", ex, cancellationToken);
        }

        if (capture.Fault is { } fault)
        {
            throw new InvalidOperationException($"MailTls failed while recording {serverName}'s certificate: {fault.Message}", fault);
        }

        if (failure is null)
        {
            probe.Negotiated(client);
        }

        await ProbeConnection.QuitAsync(client, overall.Token).ConfigureAwait(false);
        probe.Dialogue(transcript, capture);
        if (capture.Leaf is not null)
        {
            var report = CertificateInspector.Inspect(capture.Leaf, capture.Sent, serverName, _options.Trust, DateTimeOffset.UtcNow);
            probe.Certificate(report, capture.Sent);
            if (log.IsEnabled)
            {
                log.Write($"Certificate: {report.Subject}, chain {(report.ChainValid ? "valid" : report.ChainStatus)}, name {(report.NameMatches ? "matches" : "does not match")} {serverName}, expires {report.NotAfter:yyyy-MM-dd}.");
            }
        }

        var busy = failure?.Finding.Code == FindingCodes.SmtpRateLimited;
        return probe.Finish(failure?.Finding, failure?.Ran ?? true, busy, clock, log);
    }
}
