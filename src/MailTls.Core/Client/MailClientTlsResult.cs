using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MailTls.Client;
using MailTls.Tls;

namespace MailTls;

/// <summary>
/// What a mail client gets from one client endpoint (submission, IMAP or POP3, on one port of one
/// address): TLS or not, the version and cipher, the certificate as a validating client sees it,
/// whether a password could cross in clear text before TLS, findings and a verdict. Flat and scalar
/// where possible, so one row per endpoint reads well in Export-Csv. Immutable.
/// </summary>
public sealed class MailClientTlsResult
{
    private MailClientTlsResult()
    {
    }

    /// <summary>The mail domain the endpoint was found for; empty when a host was named with -ComputerName.</summary>
    public string Domain { get; private init; } = string.Empty;

    /// <summary>The host name clients connect to (or the address itself).</summary>
    public string HostName { get; private init; } = string.Empty;

    public string Address { get; private init; } = string.Empty;

    /// <summary>Submission, Imap or Pop3.</summary>
    public MailClientProtocol Protocol { get; private init; }

    public int Port { get; private init; }

    /// <summary>StartTls or Implicit.</summary>
    public SmtpTlsMode Mode { get; private init; }

    public Verdict Verdict { get; private init; }

    public FindingList Findings { get; private init; } = FindingList.None;

    /// <summary>ComputerName, SrvRecord or UsualName: whether DNS publishes the endpoint or it was guessed.</summary>
    public ClientEndpointSource DiscoveredBy { get; private init; }

    /// <summary>The SRV record or the name that led to the endpoint.</summary>
    public string Discovery { get; private init; } = string.Empty;

    /// <summary>The name used for SNI and for the certificate check.</summary>
    public string ServerName { get; private init; } = string.Empty;

    /// <summary>A TCP connection could be made.</summary>
    public bool Reachable { get; private init; }

    /// <summary>The server's first line.</summary>
    public string Greeting { get; private init; } = string.Empty;

    /// <summary>Whether the capabilities offered STARTTLS (STLS for POP3); empty for implicit TLS and when the dialogue did not get that far.</summary>
    public bool? TlsOffered { get; private init; }

    public bool TlsEstablished { get; private init; }

    /// <summary>Tls13, Tls12…; empty without TLS.</summary>
    public TlsVersion? TlsProtocol { get; private init; }

    public string CipherSuite { get; private init; } = string.Empty;

    /// <summary>The oldest TLS version the endpoint accepts (-IncludeCipherSuites); empty when not enumerated or none was accepted.</summary>
    public TlsVersion? LowestProtocol { get; private init; }

    /// <summary>Every version the endpoint accepts, oldest first, e.g. "TLS 1.2; TLS 1.3" (-IncludeCipherSuites).</summary>
    public TextList ProtocolsAccepted { get; private init; } = TextList.None;

    /// <summary>How many (version, suite) pairs the endpoint accepts (-IncludeCipherSuites).</summary>
    public int? CipherSuiteCount { get; private init; }

    /// <summary>The lowest-rated accepted suite with its version, e.g. "TLS 1.0 TLS_RSA_WITH_AES_128_CBC_SHA" (-IncludeCipherSuites).</summary>
    public string WeakestSuite { get; private init; } = string.Empty;

    /// <summary>Its NCSC-NL class: Good, Sufficient, PhaseOut or Insufficient (-IncludeCipherSuites).</summary>
    public NcscClass? WeakestClass { get; private init; }

    /// <summary>The server lets clients log in before TLS (AUTH mechanisms, IMAP LOGIN without LOGINDISABLED, POP3 USER or SASL); empty for implicit TLS.</summary>
    public bool? AuthBeforeTls { get; private init; }

    /// <summary>What it offered for logging in before TLS, e.g. "PLAIN; LOGIN".</summary>
    public TextList AuthMechanismsBeforeTls { get; private init; } = TextList.None;

    /// <summary>Over TLS, a password travels as it is (PLAIN, LOGIN, IMAP LOGIN, POP3 USER): fine inside TLS, and what clients usually use; empty without TLS.</summary>
    public bool? PlaintextAuthAfterTls { get; private init; }

    /// <summary>The SASL mechanisms offered over TLS (in clear text when there is no TLS).</summary>
    public TextList AuthMechanisms { get; private init; } = TextList.None;

    /// <summary>The capabilities the server listed last (over TLS when TLS was established).</summary>
    public TextList Capabilities { get; private init; } = TextList.None;

    /// <summary>The certificate (subject, thumbprint, dates, PEM); ToX509Certificate2() gives the real thing.</summary>
    public ServerCertificate? Certificate { get; private init; }

    public string CertificateSubject { get; private init; } = string.Empty;

    public string CertificateIssuer { get; private init; } = string.Empty;

    public string CertificateThumbprint { get; private init; } = string.Empty;

    /// <summary>The DNS names in the certificate's subjectAltName.</summary>
    public TextList CertificateNames { get; private init; } = TextList.None;

    /// <summary>When the certificate expires, ISO 8601 UTC.</summary>
    public string CertificateNotAfter { get; private init; } = string.Empty;

    /// <summary>Whole days left; negative once expired.</summary>
    public int? DaysUntilExpiry { get; private init; }

    public string KeyAlgorithm { get; private init; } = string.Empty;

    public int? KeySize { get; private init; }

    public string SignatureAlgorithm { get; private init; } = string.Empty;

    /// <summary>The chain reaches a trusted root (the system's, or -TrustedRootCertificate).</summary>
    public bool? ChainValid { get; private init; }

    /// <summary>Why the chain is not valid, e.g. "NotTimeValid"; empty when it is.</summary>
    public string ChainStatus { get; private init; } = string.Empty;

    /// <summary>The certificate is valid for <see cref="ServerName"/> (RFC 6125).</summary>
    public bool? NameMatches { get; private init; }

    public double ConnectMs { get; private init; }

    /// <summary>The TLS handshake.</summary>
    public double TlsMs { get; private init; }

    /// <summary>The whole probe, QUIT or LOGOUT included.</summary>
    public double ElapsedMs { get; private init; }

    private IReadOnlyList<X509Certificate2> Presented { get; init; } = Array.Empty<X509Certificate2>();

    private IReadOnlyList<TlsCipherSuite> Suites { get; init; } = Array.Empty<TlsCipherSuite>();

    /// <summary>With -IncludeCipherSuites, one row per accepted (version, suite), classified as Get-MailTlsCipherSuite does.</summary>
    public IReadOnlyList<TlsCipherSuite> GetCipherSuites() => Suites;

    /// <summary>Every certificate the server sent, leaf first, as new objects the caller owns.</summary>
    public IReadOnlyList<X509Certificate2> GetPresentedCertificates() => Presented.Select(c => new X509Certificate2(c.RawData)).ToArray();

    public override string ToString() => $"{Protocol} {HostName} [{Address}]:{Port} {Verdict}";

    /// <summary>One probed endpoint, as found for one input (the facts may be shared by many).</summary>
    internal static MailClientTlsResult Probed(ClientEndpoint endpoint, ClientProbeFacts facts, IEnumerable<Finding> findings, TlsEnumeration? enumeration = null)
    {
        var list = new FindingList(findings);
        var certificate = facts.Certificate;
        var summary = enumeration is { Failure.Length: 0 } ? TlsReport.Summary(enumeration, opportunistic: false) : null;
        return new MailClientTlsResult
        {
            LowestProtocol = summary is null ? null : TlsVersionCodes.FromDisplayName(summary.LowestProtocol),
            ProtocolsAccepted = summary?.Protocols ?? TextList.None,
            CipherSuiteCount = summary?.Suites,
            WeakestSuite = summary?.WeakestSuite ?? string.Empty,
            WeakestClass = summary?.WeakestClass,
            Suites = summary is null ? Array.Empty<TlsCipherSuite>() : TlsReport.CipherSuites(enumeration!),
            Domain = endpoint.Domain,
            HostName = endpoint.HostName,
            Address = facts.Address.ToString(),
            Protocol = facts.Protocol,
            Port = facts.Port,
            Mode = facts.Mode,
            Verdict = Rules.ClientRules.Verdict(list, facts),
            Findings = list,
            DiscoveredBy = endpoint.Source,
            Discovery = endpoint.Discovery,
            ServerName = facts.ServerName,
            Reachable = facts.Reachable,
            Greeting = facts.Greeting,
            TlsOffered = facts.TlsOffered,
            TlsEstablished = facts.TlsEstablished,
            TlsProtocol = facts.TlsProtocol,
            CipherSuite = facts.CipherSuite,
            AuthBeforeTls = facts.BeforeTls?.AcceptsLogin,
            AuthMechanismsBeforeTls = facts.BeforeTls is { } before ? Offered(before, facts.Protocol) : TextList.None,
            PlaintextAuthAfterTls = facts.AfterTls?.PlaintextPassword,
            AuthMechanisms = (facts.AfterTls ?? facts.BeforeTls)?.Mechanisms ?? TextList.None,
            Capabilities = (facts.AfterTls ?? facts.BeforeTls)?.Capabilities ?? TextList.None,
            Certificate = certificate?.Facts,
            CertificateSubject = certificate?.Subject ?? string.Empty,
            CertificateIssuer = certificate?.Issuer ?? string.Empty,
            CertificateThumbprint = certificate?.Facts.Thumbprint ?? string.Empty,
            CertificateNames = certificate?.NameList ?? TextList.None,
            CertificateNotAfter = IsoTime.Format(certificate?.NotAfter),
            DaysUntilExpiry = certificate?.DaysUntilExpiry,
            KeyAlgorithm = certificate?.KeyAlgorithm ?? string.Empty,
            KeySize = certificate?.KeySize,
            SignatureAlgorithm = certificate?.SignatureAlgorithm ?? string.Empty,
            ChainValid = certificate?.ChainValid,
            ChainStatus = certificate?.ChainStatus ?? string.Empty,
            NameMatches = certificate?.NameMatches,
            ConnectMs = facts.ConnectMs,
            TlsMs = facts.TlsMs,
            ElapsedMs = facts.ElapsedMs,
            Presented = facts.Presented,
        };
    }

    /// <summary>A row for an endpoint that could not be probed at all (its DNS failed).</summary>
    internal static MailClientTlsResult NotProbed(ClientEndpoint endpoint, Finding finding)
    {
        var findings = new FindingList(new[] { finding });
        return new MailClientTlsResult
        {
            Domain = endpoint.Domain,
            HostName = endpoint.HostName,
            Protocol = endpoint.Protocol,
            Port = endpoint.Port,
            Mode = endpoint.Mode,
            DiscoveredBy = endpoint.Source,
            Discovery = endpoint.Discovery,
            ServerName = endpoint.HostName,
            Findings = findings,
            Verdict = VerdictRules.From(findings, CheckCoverage.None),
        };
    }

    // The IMAP LOGIN command and POP3 USER are no SASL mechanisms, but a password goes with them all the same.
    private static TextList Offered(AuthOffer offer, MailClientProtocol protocol) =>
        offer.LoginCommand
            ? new TextList(offer.Mechanisms.Append(protocol == MailClientProtocol.Pop3 ? "USER" : "LOGIN command"))
            : offer.Mechanisms;
}
