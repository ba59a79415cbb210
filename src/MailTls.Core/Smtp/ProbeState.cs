using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Authentication;
using MailKit.Net.Smtp;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;
using MailTls.Dane;
using MailTls.Diagnostics;

namespace MailTls.Smtp;

/// <summary>What one probe has learnt so far; turned into an immutable SmtpTlsResult at the end.</summary>
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

    private readonly SmtpTarget _target;
    private readonly SmtpProbeOptions _options;
    private readonly string _serverName;
    private readonly List<Finding> _findings = new();
    private bool? _startTlsOffered;
    private bool _tls;
    private SslProtocols _protocol;
    private string _cipher = string.Empty;
    private TextList _capabilities = TextList.None;
    private bool _requireTls;
    private string _banner = string.Empty;
    private double _bannerMs;
    private double _tlsMs;
    private CertificateReport? _certificate;
    private IReadOnlyList<X509Certificate2> _presented = Array.Empty<X509Certificate2>();
    private DaneEvaluation _dane = DaneEvaluation.None;
    private TextList _tlsa = TextList.None;

    public ProbeState(SmtpTarget target, SmtpProbeOptions options, string serverName)
    {
        _target = target;
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
            _protocol = client.SslProtocol;
            _cipher = CipherSuiteName(client);
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

    public void Dane(TlsaLookup? tlsa, DaneEvaluation evaluation)
    {
        _tlsa = tlsa is null ? TextList.None : new TextList(tlsa.Records.Select(r => r.ToString()));
        _dane = evaluation;
    }

    public SmtpTlsResult Finish(Finding? failure, bool ran, Stopwatch clock, OperationLog log)
    {
        if (failure is not null)
        {
            _findings.Add(failure);
        }

        if (_startTlsOffered == false)
        {
            _findings.Add(new Finding(FindingCodes.StartTlsNotOffered, Severity.Error,
                $"{_target.Exchange} does not offer STARTTLS: mail to it travels in clear text. Enable TLS on the server (Postfix: smtpd_tls_security_level = may with a certificate; Exchange: a certificate bound to the receive connector)."));
        }

        if (_tls && IsLegacy(_protocol))
        {
            _findings.Add(new Finding(FindingCodes.TlsLegacyProtocol, Severity.Warning,
                $"The server negotiated {_protocol}, which RFC 8996 deprecates; enable TLS 1.2 and 1.3 on it."));
        }

        if (_certificate is not null)
        {
            _findings.AddRange(_certificate.Findings);
        }

        if (_dane.Finding is not null)
        {
            _findings.Add(_dane.Finding);
        }

        var findings = new FindingList(_findings);
        var verdict = VerdictRules.From(findings, ran);
        var result = new SmtpTlsResult
        {
            Domain = _target.Domain,
            Exchange = _target.Exchange,
            Preference = _target.Preference,
            Address = _target.Address.ToString(),
            Port = _options.Port,
            Mode = _options.Mode,
            ServerName = _serverName,
            Banner = _banner,
            StartTlsOffered = _startTlsOffered,
            TlsEstablished = _tls,
            Protocol = _protocol,
            CipherSuite = _cipher,
            Certificate = _certificate is null ? null : new ServerCertificate(_certificate.Leaf),
            CertificateSubject = _certificate?.Subject ?? string.Empty,
            CertificateIssuer = _certificate?.Issuer ?? string.Empty,
            CertificateNames = _certificate is null ? TextList.None : new TextList(_certificate.DnsNames),
            CertificateNotAfter = _certificate?.NotAfter,
            DaysUntilExpiry = _certificate?.DaysUntilExpiry,
            KeyAlgorithm = _certificate?.KeyAlgorithm ?? string.Empty,
            KeySize = _certificate?.KeySize,
            SignatureAlgorithm = _certificate?.SignatureAlgorithm ?? string.Empty,
            ChainValid = _certificate?.ChainValid,
            ChainStatus = _certificate?.ChainStatus ?? string.Empty,
            NameMatches = _certificate?.NameMatches,
            Dane = _dane.Status,
            DaneRecord = _dane.Matched?.ToString() ?? string.Empty,
            TlsaRecords = _tlsa,
            Presented = _presented,
            Capabilities = _capabilities,
            RequireTls = _requireTls,
            ConnectMs = Round(ConnectMs),
            BannerMs = _bannerMs,
            TlsMs = _tlsMs,
            ElapsedMs = Round(clock.Elapsed.TotalMilliseconds),
            Findings = findings,
            Verdict = verdict,
        };
        log.Write($"Verdict {verdict}{(findings.Count > 0 ? ": " + findings : string.Empty)} ({result.ElapsedMs.ToString("0.0", CultureInfo.InvariantCulture)} ms).");
        return result;
    }

    // By name: the enum members for SSL 3, TLS 1.0 and 1.1 are obsolete, so comparing them warns.
    private static bool IsLegacy(SslProtocols protocol) =>
        protocol.ToString() is "Ssl2" or "Ssl3" or "Tls" or "Tls11";

    private static double Round(double ms) => Math.Round(Math.Max(ms, 0), 1);

    private static string CipherSuiteName(SmtpClient client)
    {
#if NET
        if (client.SslCipherSuite is { } suite)
        {
            return suite.ToString();
        }
#endif
        // MailKit's netstandard2.0 build (Windows PowerShell 5.1) cannot name the suite; describe it from its parts.
        var parts = new[] { client.SslKeyExchangeAlgorithm.ToString(), client.SslCipherAlgorithm.ToString(), client.SslHashAlgorithm.ToString() };
        return string.Join("-", parts.Where(p => p != "None"));
    }
}
