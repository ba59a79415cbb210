using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MailKit;
using MailKit.Security;
using MailTls.Certificates;
using MailTls.Diagnostics;
using MailTls.Smtp;

namespace MailTls.Client;

/// <summary>
/// Probes one client endpoint at one address the way a mail client connects before it logs in:
/// greeting, capabilities, STARTTLS/STLS (or implicit TLS), handshake, capabilities again, then
/// QUIT or LOGOUT. Never logs in, never sends mail. How the server offered logging in is read
/// twice: before TLS (as STARTTLS goes out, when MailKit holds the clear-text capabilities) and after. Whatever the server does comes back as facts; cancellation throws,
/// and so does a fault of MailTls's own, which must never pass for the server's.
/// </summary>
internal sealed class ClientProber
{
    private readonly MailClientProbeOptions _options;

    public ClientProber(MailClientProbeOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    public MailClientProbeOptions Options => _options;

    public async Task<ClientProbeFacts> ProbeAsync(IPAddress address, ClientEndpoint endpoint, OperationLog log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var serverName = _options.ServerName ?? endpoint.HostName;
        var target = new IPEndPoint(address, endpoint.Port);
        log.Write($"Probing {endpoint.Protocol} on {endpoint.HostName} at {target} ({endpoint.Mode}, name {serverName}).");

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connectFailure = (await ProbeConnection.ConnectAsync(socket, target, _options.PhaseTimeout, cancellationToken).ConfigureAwait(false))?.Finding;
        var connectMs = Round(clock.Elapsed.TotalMilliseconds);
        if (connectFailure is not null)
        {
            socket.Dispose();
            log.Write($"Connect failed: {connectFailure}");
            return new ClientProbeFacts(address, endpoint.Protocol, endpoint.Port, endpoint.Mode, serverName)
            {
                Failure = connectFailure,
                Ran = false,
                ConnectMs = connectMs,
                ElapsedMs = Round(clock.Elapsed.TotalMilliseconds),
            };
        }

        using var stream = new GuardedStream(socket, _options.PhaseTimeout, _options.Wire.MaxServerBytes);
        var capture = new HandshakeCapture(clock);
        var transcript = new ClientTranscript(clock, log, endpoint.Protocol == MailClientProtocol.Imap, endpoint.Protocol == MailClientProtocol.Pop3 ? "STLS" : "STARTTLS");
        using var dialogue = ClientDialogue.For(endpoint.Protocol, transcript, _options.HeloName);
        AuthOffer? beforeTls = null;
        var client = dialogue.Client;
        client.CheckCertificateRevocation = false;
        // A backstop only: GuardedStream enforces the per-step limit itself.
        client.Timeout = (int)(_options.PhaseTimeout.TotalMilliseconds * 2);
        client.ServerCertificateValidationCallback = capture.Validate;
        transcript.TlsCommandSending = () => beforeTls = dialogue.Offer();

        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(_options.Wire.OverallTimeout);
        (Finding Finding, bool Ran)? failure = null;
        var secure = endpoint.Mode == SmtpTlsMode.Implicit ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        try
        {
            await client.ConnectAsync(stream, serverName, endpoint.Port, secure, overall.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && capture.Fault is null && SmtpFailureClassifier.IsCausedByServer(ex, stream.TimedOut || stream.LimitExceeded || overall.IsCancellationRequested))
        {
            failure = ClientFailureClassifier.Classify(ex, transcript, stream, capture, endpoint.Mode, dialogue.TlsCommand, _options, overall.IsCancellationRequested);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The probe was cancelled.", ex, cancellationToken);
        }

        if (capture.Fault is { } fault)
        {
            throw new InvalidOperationException($"MailTls failed while recording {serverName}'s certificate: {fault.Message}", fault);
        }

        var secured = failure is null && client.IsSecure;
        var afterConnect = failure is null ? dialogue.Offer() : null;
        // Without a TLS session, what the server offered in the clear is all there is.
        beforeTls ??= endpoint.Mode == SmtpTlsMode.StartTls && !secured ? afterConnect : null;
        bool? tlsOffered = endpoint.Mode == SmtpTlsMode.Implicit ? null
            : transcript.TlsCommandSent ? true
            : failure is null ? dialogue.OffersTls
            : null;
        var version = secured ? NegotiatedTls.Version(client) : null;
        var cipher = secured ? NegotiatedTls.CipherSuite(client) : string.Empty;

        await ProbeConnection.QuitAsync(client, overall.Token).ConfigureAwait(false);
        CertificateReport? certificate = null;
        if (capture.Leaf is not null)
        {
            certificate = CertificateInspector.Inspect(capture.Leaf, capture.Sent, serverName, _options.Trust, DateTimeOffset.UtcNow);
            log.Write($"Certificate: {certificate.Subject}, chain {(certificate.ChainValid ? "valid" : certificate.ChainStatus)}, name {(certificate.NameMatches ? "matches" : "does not match")} {serverName}, expires {certificate.NotAfter:yyyy-MM-dd}.");
        }

        var tlsStart = endpoint.Mode == SmtpTlsMode.Implicit ? TimeSpan.FromMilliseconds(connectMs) : transcript.TlsReplyAt;
        var facts = new ClientProbeFacts(address, endpoint.Protocol, endpoint.Port, endpoint.Mode, serverName)
        {
            Failure = failure?.Finding,
            Ran = failure?.Ran ?? true,
            Reachable = true,
            Greeting = transcript.Greeting ?? string.Empty,
            TlsOffered = tlsOffered,
            TlsEstablished = secured,
            TlsProtocol = version,
            CipherSuite = cipher,
            BeforeTls = beforeTls,
            AfterTls = secured ? afterConnect : null,
            Certificate = certificate,
            Presented = capture.Sent,
            ConnectMs = connectMs,
            TlsMs = capture.CertificateAt is { } at && tlsStart is { } start ? Round((at - start).TotalMilliseconds) : 0,
            ElapsedMs = Round(clock.Elapsed.TotalMilliseconds),
        };
        log.Write($"Probe done: {(failure is null ? (secured ? $"TLS {version?.DisplayName()} {cipher}" : "no TLS") : failure.Value.Finding.Code)} ({facts.ElapsedMs:0.0} ms).");
        return facts;
    }

    private static double Round(double ms) => Math.Round(Math.Max(ms, 0), 1);
}
