using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MailTls.Dane;
using MailTls.Smtp;

namespace MailTls;

/// <summary>
/// What a sending MTA gets from one address of one exchanger: STARTTLS, the TLS version and
/// cipher, the certificate and its problems, timings, findings and a verdict. Flat and scalar
/// where possible, so one row per address reads well in Export-Csv. Immutable; built from the
/// probe's facts and the rules' findings.
/// </summary>
public sealed class SmtpTlsResult
{
    private SmtpTlsResult()
    {
    }

    /// <summary>The mail domain; empty when a host was probed with -ComputerName.</summary>
    public string Domain { get; private init; } = string.Empty;

    public string Exchange { get; private init; } = string.Empty;

    /// <summary>The MX preference, when the exchanger came from an MX record.</summary>
    public int? Preference { get; private init; }

    public string Address { get; private init; } = string.Empty;

    public int Port { get; private init; }

    /// <summary>StartTls or Implicit.</summary>
    public SmtpTlsMode Mode { get; private init; }

    public Verdict Verdict { get; private init; }

    public FindingList Findings { get; private init; } = FindingList.None;

    /// <summary>The name used for SNI and for the certificate check.</summary>
    public string ServerName { get; private init; } = string.Empty;

    /// <summary>The server's greeting line.</summary>
    public string Banner { get; private init; } = string.Empty;

    /// <summary>Whether EHLO listed STARTTLS; empty for implicit TLS and when the dialogue did not get that far.</summary>
    public bool? StartTlsOffered { get; private init; }

    public bool TlsEstablished { get; private init; }

    /// <summary>Tls13, Tls12…; empty without TLS.</summary>
    public TlsVersion? Protocol { get; private init; }

    public string CipherSuite { get; private init; } = string.Empty;

    /// <summary>The oldest version the server accepts (-IncludeProtocolScan); empty when not scanned or none was accepted.</summary>
    public TlsVersion? LowestProtocol { get; private init; }

    /// <summary>Every version the server accepts, oldest first, e.g. "TLS 1.2; TLS 1.3" (-IncludeProtocolScan).</summary>
    public TextList ProtocolsAccepted { get; private init; } = TextList.None;

    /// <summary>The certificate (subject, thumbprint, dates, PEM); ToX509Certificate2() gives the real thing.</summary>
    public ServerCertificate? Certificate { get; private init; }

    public string CertificateSubject { get; private init; } = string.Empty;

    public string CertificateIssuer { get; private init; } = string.Empty;

    public string CertificateThumbprint { get; private init; } = string.Empty;

    /// <summary>The DNS names in the certificate's subjectAltName.</summary>
    public TextList CertificateNames { get; private init; } = TextList.None;

    /// <summary>When the certificate expires, ISO 8601 UTC.</summary>
    public string CertificateNotAfter { get; private init; } = string.Empty;

    /// <summary>Whole days left; negative once expired (-3: expired 3 days ago).</summary>
    public int? DaysUntilExpiry { get; private init; }

    public string KeyAlgorithm { get; private init; } = string.Empty;

    public int? KeySize { get; private init; }

    public string SignatureAlgorithm { get; private init; } = string.Empty;

    /// <summary>The chain reaches a trusted root (the system's, or -TrustedRootCertificate).</summary>
    public bool? ChainValid { get; private init; }

    /// <summary>Why the chain is not valid, e.g. "PartialChain"; empty when it is.</summary>
    public string ChainStatus { get; private init; } = string.Empty;

    /// <summary>The certificate is valid for <see cref="ServerName"/> (RFC 6125).</summary>
    public bool? NameMatches { get; private init; }

    /// <summary>What DANE means for this server (RFC 7672): None, Valid, Mismatch, Unauthenticated, Unusable or LookupFailed.</summary>
    public DaneStatus Dane { get; private init; }

    /// <summary>The TLSA record that matched, e.g. "3 1 1 C11D…".</summary>
    public string DaneRecord { get; private init; } = string.Empty;

    /// <summary>Every TLSA record published for this server's service.</summary>
    public TextList TlsaRecords { get; private init; } = TextList.None;

    /// <summary>SMTP extensions the server offered (after TLS when TLS was established).</summary>
    public TextList Capabilities { get; private init; } = TextList.None;

    /// <summary>The server offers REQUIRETLS (RFC 8689).</summary>
    public bool RequireTls { get; private init; }

    public double ConnectMs { get; private init; }

    /// <summary>From connection to greeting.</summary>
    public double BannerMs { get; private init; }

    /// <summary>The TLS handshake.</summary>
    public double TlsMs { get; private init; }

    /// <summary>The whole probe, QUIT included.</summary>
    public double ElapsedMs { get; private init; }

    private IReadOnlyList<X509Certificate2> Presented { get; init; } = Array.Empty<X509Certificate2>();

    /// <summary>Every certificate the server sent, leaf first, as new objects the caller owns.</summary>
    public IReadOnlyList<X509Certificate2> GetPresentedCertificates() => Presented.Select(c => new X509Certificate2(c.RawData)).ToArray();

    public override string ToString() => $"{Exchange} [{Address}]:{Port} {Verdict}";

    /// <summary>One probed address, as seen for one domain (the facts may be shared by many).</summary>
    internal static SmtpTlsResult Probed(SmtpTarget target, SmtpProbeFacts facts, TlsaLookup? tlsa, DaneEvaluation dane, IEnumerable<Finding> findings, TlsProtocolScan? scan = null)
    {
        var list = new FindingList(findings);
        var certificate = facts.Certificate;
        return new SmtpTlsResult
        {
            Domain = target.Domain,
            Exchange = target.Exchange,
            Preference = target.Preference,
            Address = facts.Address.ToString(),
            Port = facts.Options.Port,
            Mode = facts.Options.Mode,
            Verdict = VerdictRules.From(list, facts.Ran && !facts.Busy ? CheckCoverage.Complete : CheckCoverage.None),
            Findings = list,
            ServerName = facts.ServerName,
            Banner = facts.Banner,
            StartTlsOffered = facts.StartTlsOffered,
            TlsEstablished = facts.TlsEstablished,
            Protocol = facts.TlsEstablished ? facts.Protocol : null,
            CipherSuite = facts.CipherSuite,
            LowestProtocol = scan?.LowestAccepted,
            ProtocolsAccepted = scan?.AcceptedList ?? TextList.None,
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
            Dane = dane.Status,
            DaneRecord = dane.Matched?.ToString() ?? string.Empty,
            TlsaRecords = tlsa is null ? TextList.None : new TextList(tlsa.Records.Select(r => r.ToString())),
            Capabilities = facts.Capabilities,
            RequireTls = facts.RequireTls,
            ConnectMs = facts.ConnectMs,
            BannerMs = facts.BannerMs,
            TlsMs = facts.TlsMs,
            ElapsedMs = facts.ElapsedMs,
            Presented = facts.Presented,
        };
    }

    /// <summary>A row for an exchanger that was not probed (null MX, no address, DNS failure).</summary>
    internal static SmtpTlsResult NotProbed(string domain, string exchange, int? preference, SmtpProbeOptions options, Finding finding, bool checkRan)
    {
        var findings = new FindingList(new[] { finding });
        return new SmtpTlsResult
        {
            Domain = domain,
            Exchange = exchange,
            Preference = preference,
            Port = options.Port,
            Mode = options.Mode,
            ServerName = options.ServerName ?? exchange,
            Findings = findings,
            Verdict = VerdictRules.From(findings, checkRan ? CheckCoverage.Complete : CheckCoverage.None),
        };
    }
}
