using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Security.Authentication;
using MailTls.Smtp;

namespace MailTls;

/// <summary>
/// What a sending MTA gets from one address of one exchanger: STARTTLS, the TLS version and
/// cipher, the certificate and its problems, timings, findings and a verdict. Flat and scalar
/// where possible, so one row per address reads well in Export-Csv.
/// </summary>
public sealed class SmtpTlsResult
{
    internal SmtpTlsResult()
    {
    }

    /// <summary>The mail domain; empty when a host was probed with -ComputerName.</summary>
    public string Domain { get; internal set; } = string.Empty;

    public string Exchange { get; internal set; } = string.Empty;

    /// <summary>The MX preference, when the exchanger came from an MX record.</summary>
    public int? Preference { get; internal set; }

    public string Address { get; internal set; } = string.Empty;

    public int Port { get; internal set; }

    /// <summary>StartTls or Implicit.</summary>
    public SmtpTlsMode Mode { get; internal set; }

    /// <summary>The name used for SNI and for the certificate check.</summary>
    public string ServerName { get; internal set; } = string.Empty;

    /// <summary>The server's greeting line.</summary>
    public string Banner { get; internal set; } = string.Empty;

    /// <summary>Whether EHLO listed STARTTLS; empty for implicit TLS and when the dialogue did not get that far.</summary>
    public bool? StartTlsOffered { get; internal set; }

    public bool TlsEstablished { get; internal set; }

    /// <summary>Tls13, Tls12…; None without TLS.</summary>
    public SslProtocols Protocol { get; internal set; }

    public string CipherSuite { get; internal set; } = string.Empty;

    public ServerCertificate? Certificate { get; internal set; }

    public string CertificateSubject { get; internal set; } = string.Empty;

    public string CertificateIssuer { get; internal set; } = string.Empty;

    /// <summary>The DNS names in the certificate's subjectAltName.</summary>
    public TextList CertificateNames { get; internal set; } = TextList.None;

    public DateTimeOffset? CertificateNotAfter { get; internal set; }

    /// <summary>Whole days left; negative once expired.</summary>
    public int? DaysUntilExpiry { get; internal set; }

    public string KeyAlgorithm { get; internal set; } = string.Empty;

    public int? KeySize { get; internal set; }

    public string SignatureAlgorithm { get; internal set; } = string.Empty;

    /// <summary>The chain reaches a trusted root (the system's, or -TrustedRootCertificate).</summary>
    public bool? ChainValid { get; internal set; }

    /// <summary>Why the chain is not valid, e.g. "PartialChain"; empty when it is.</summary>
    public string ChainStatus { get; internal set; } = string.Empty;

    /// <summary>The certificate is valid for <see cref="ServerName"/> (RFC 6125).</summary>
    public bool? NameMatches { get; internal set; }

    /// <summary>SMTP extensions the server offered (after TLS when TLS was established).</summary>
    public TextList Capabilities { get; internal set; } = TextList.None;

    /// <summary>The server offers REQUIRETLS (RFC 8689).</summary>
    public bool RequireTls { get; internal set; }

    public double ConnectMs { get; internal set; }

    /// <summary>From connection to greeting.</summary>
    public double BannerMs { get; internal set; }

    /// <summary>The TLS handshake.</summary>
    public double TlsMs { get; internal set; }

    /// <summary>The whole probe, QUIT included.</summary>
    public double ElapsedMs { get; internal set; }

    /// <summary>What DANE means for this server (RFC 7672): None, Valid, Mismatch, Unauthenticated, Unusable or LookupFailed.</summary>
    public DaneStatus Dane { get; internal set; }

    /// <summary>The TLSA record that matched, e.g. "3 1 1 C11D…".</summary>
    public string DaneRecord { get; internal set; } = string.Empty;

    /// <summary>Every TLSA record published for this server's service.</summary>
    public TextList TlsaRecords { get; internal set; } = TextList.None;

    public FindingList Findings { get; internal set; } = new(Array.Empty<Finding>());

    public Verdict Verdict { get; internal set; }

    public override string ToString() => $"{Exchange} [{Address}]:{Port} {Verdict}";

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
            Verdict = VerdictRules.From(findings, checkRan),
        };
    }

    internal IReadOnlyList<X509Certificate2> Presented { get; set; } = Array.Empty<X509Certificate2>();

    /// <summary>Every certificate the server sent, leaf first (a method, so reports and CSV rows stay flat).</summary>
    public IReadOnlyList<X509Certificate2> GetPresentedCertificates() => Presented;

    /// <summary>The same result with one more finding, and the verdict that follows from it.</summary>
    internal SmtpTlsResult WithFinding(Finding finding)
    {
        var copy = (SmtpTlsResult)MemberwiseClone();
        copy.Findings = new FindingList(Findings.Concat(new[] { finding }));
        copy.Verdict = Verdict == Verdict.Error ? Verdict.Error : VerdictRules.From(copy.Findings, checkRan: true);
        return copy;
    }

    /// <summary>The same probe outcome reported for another domain that shares this exchanger.</summary>
    internal SmtpTlsResult ForTarget(SmtpTarget target)
    {
        var copy = (SmtpTlsResult)MemberwiseClone();
        copy.Domain = target.Domain;
        copy.Exchange = target.Exchange;
        copy.Preference = target.Preference;
        return copy;
    }
}
