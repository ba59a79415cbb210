using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailTls.Certificates;
using MailTls.Diagnostics;

namespace MailTls.Smtp;

/// <summary>What one probe has learnt so far; turned into immutable <see cref="SmtpProbeFacts"/> at the end.</summary>
internal sealed class ProbeState
{
    private static readonly (SmtpCapabilities Flag, string Keyword)[] Keywords =
    {
        (SmtpCapabilities.StartTLS, "STARTTLS"),
        (SmtpCapabilities.RequireTLS, "REQUIRETLS"),
        (SmtpCapabilities.Pipelining, "PIPELINING"),
        (SmtpCapabilities.EightBitMime, "8BITMIME"),
        (SmtpCapabilities.BinaryMime, "BINARYMIME"),
        (SmtpCapabilities.Chunking, "CHUNKING"),
        (SmtpCapabilities.Dsn, "DSN"),
        (SmtpCapabilities.EnhancedStatusCodes, "ENHANCEDSTATUSCODES"),
        (SmtpCapabilities.UTF8, "SMTPUTF8"),
        (SmtpCapabilities.Authentication, "AUTH"),
    };

    private readonly System.Net.IPAddress _address;
    private readonly SmtpProbeOptions _options;
    private readonly string _serverName;
    private bool? _startTlsOffered;
    private bool _tls;
    private TlsVersion? _protocol;
    private string _cipher = string.Empty;
    private TextList _capabilities = TextList.None;
    private bool _requireTls;
    private string _banner = string.Empty;
    private double _bannerMs;
    private double _tlsMs;
    private CertificateReport? _certificate;
    private IReadOnlyList<X509Certificate2> _presented = Array.Empty<X509Certificate2>();

    public ProbeState(System.Net.IPAddress address, SmtpProbeOptions options, string serverName)
    {
        _address = address;
        _options = options;
        _serverName = serverName;
    }

    public double ConnectMs { get; set; }

    public void Negotiated(SmtpClient client)
    {
        _tls = client.IsSecure;
        if (_options.Mode == SmtpTlsMode.StartTls)
        {
            // MailKit keeps the STARTTLS flag after the upgrade, although the second EHLO no longer lists it.
            _startTlsOffered = client.Capabilities.HasFlag(SmtpCapabilities.StartTLS);
        }

        if (_tls)
        {
            _protocol = NegotiatedTls.Version(client);
            _cipher = NegotiatedTls.CipherSuite(client);
        }

        var offered = Keywords
            .Where(k => client.Capabilities.HasFlag(k.Flag) && !(k.Flag == SmtpCapabilities.StartTLS && _tls))
            .Select(k => k.Keyword);
        if (client.Capabilities.HasFlag(SmtpCapabilities.Size))
        {
            offered = offered.Append(client.MaxSize > 0 ? $"SIZE {client.MaxSize.ToString(CultureInfo.InvariantCulture)}" : "SIZE");
        }

        _capabilities = new TextList(offered);
        _requireTls = client.Capabilities.HasFlag(SmtpCapabilities.RequireTLS);
    }

    public void Dialogue(SmtpTranscript transcript, HandshakeCapture capture)
    {
        _banner = transcript.Greeting ?? string.Empty;
        if (_startTlsOffered is null && transcript.StartTlsSent)
        {
            _startTlsOffered = true;
        }

        var connected = TimeSpan.FromMilliseconds(ConnectMs);
        if (transcript.GreetingAt is { } greeting)
        {
            // With implicit TLS the greeting comes after the handshake; count from its end.
            var from = _options.Mode == SmtpTlsMode.Implicit && capture.CertificateAt is { } tlsDone ? tlsDone : connected;
            _bannerMs = Round((greeting - from).TotalMilliseconds);
        }

        if (capture.CertificateAt is { } certificateAt)
        {
            var start = transcript.StartTlsReplyAt ?? connected;
            _tlsMs = Round((certificateAt - start).TotalMilliseconds);
        }
    }

    public void Certificate(CertificateReport report, IReadOnlyList<X509Certificate2> presented)
    {
        _certificate = report;
        _presented = presented;
    }

    public SmtpProbeFacts Finish(Finding? failure, bool ran, bool busy, Stopwatch clock, OperationLog log)
    {
        var facts = new SmtpProbeFacts(_address, _options, _serverName)
        {
            Failure = failure,
            Ran = ran,
            Busy = busy,
            Banner = _banner,
            StartTlsOffered = _startTlsOffered,
            TlsEstablished = _tls,
            Protocol = _protocol,
            CipherSuite = _cipher,
            Capabilities = _capabilities,
            RequireTls = _requireTls,
            Certificate = _certificate,
            Presented = _presented,
            ConnectMs = Round(ConnectMs),
            BannerMs = _bannerMs,
            TlsMs = _tlsMs,
            ElapsedMs = Round(clock.Elapsed.TotalMilliseconds),
        };
        var outcome = failure is null ? (_tls ? $"TLS {_protocol?.DisplayName()} {_cipher}" : "no TLS") : failure.Code;
        log.Write($"Probe done: {outcome} ({facts.ElapsedMs.ToString("0.0", CultureInfo.InvariantCulture)} ms).");
        return facts;
    }

    private static double Round(double ms) => Math.Round(Math.Max(ms, 0), 1);
}
