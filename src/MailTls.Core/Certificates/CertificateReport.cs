using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace MailTls.Certificates;

/// <summary>
/// Everything a sender would decide about one server certificate: the facts read from it, the
/// chain as built at the probe time, the name check and the findings. Built once by
/// <see cref="CertificateInspector"/>; read-only.
/// </summary>
public sealed class CertificateReport
{
    private ServerCertificate? _facts;
    private TextList? _names;

    internal CertificateReport(
        X509Certificate2 leaf,
        IReadOnlyList<string> dnsNames,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        int daysUntilExpiry,
        string keyAlgorithm,
        int keySize,
        string signatureAlgorithm,
        bool chainValid,
        string chainStatus,
        bool nameMatches,
        string expectedName,
        int certificatesSent,
        IReadOnlyList<X509Certificate2> chain,
        FindingList findings)
    {
        Leaf = leaf;
        Subject = leaf.Subject;
        Issuer = leaf.Issuer;
        DnsNames = dnsNames;
        NotBefore = notBefore;
        NotAfter = notAfter;
        DaysUntilExpiry = daysUntilExpiry;
        KeyAlgorithm = keyAlgorithm;
        KeySize = keySize;
        SignatureAlgorithm = signatureAlgorithm;
        ChainValid = chainValid;
        ChainStatus = chainStatus;
        NameMatches = nameMatches;
        ExpectedName = expectedName;
        CertificatesSent = certificatesSent;
        Chain = chain;
        Findings = findings;
    }

    /// <summary>The server's certificate.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>The leaf's subject as .NET prints it, e.g. "CN=mx1.example.test, O=Contoso".</summary>
    public string Subject { get; }

    public string Issuer { get; }

    /// <summary>The DNS names of the subjectAltName extension, in certificate order.</summary>
    public IReadOnlyList<string> DnsNames { get; }

    // A probe's report is shown by every row of every domain that shares the server: its plain facts are built once.
    internal ServerCertificate Facts => LazyInitializer.EnsureInitialized(ref _facts, () => new ServerCertificate(Leaf))!;

    internal TextList NameList => LazyInitializer.EnsureInitialized(ref _names, () => new TextList(DnsNames))!;

    /// <summary>Start of validity, UTC.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of validity, UTC.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>Whole days from the probe time to NotAfter, rounded down; negative once expired.</summary>
    public int DaysUntilExpiry { get; }

    /// <summary>"RSA", "ECDSA", "DSA", "Ed25519", "Ed448", "RSASSA-PSS", else the OID's name.</summary>
    public string KeyAlgorithm { get; }

    /// <summary>Key size in bits: the RSA modulus, the EC curve's size; 0 when unknown.</summary>
    public int KeySize { get; }

    /// <summary>The leaf's signature algorithm, e.g. "sha256ECDSA", "sha1RSA"; the OID when it has no name.</summary>
    public string SignatureAlgorithm { get; }

    /// <summary>The chain reaches a trusted root (the system's, or an extra root) and every status check passed.</summary>
    public bool ChainValid { get; }

    /// <summary>Comma-separated X509ChainStatusFlags names that made the chain invalid, e.g. "PartialChain"; empty when valid.</summary>
    public string ChainStatus { get; }

    /// <summary>The certificate names <see cref="ExpectedName"/> (RFC 6125 rules).</summary>
    public bool NameMatches { get; }

    /// <summary>The host name (or address) the certificate was checked against.</summary>
    public string ExpectedName { get; }

    /// <summary>How many certificates the server sent, leaf included.</summary>
    public int CertificatesSent { get; }

    /// <summary>The chain as built, leaf first, up to the root or as far as it got.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    public FindingList Findings { get; }

    public override string ToString() =>
        $"{Subject} (expires {NotAfter:yyyy-MM-dd}, chain {(ChainValid ? "valid" : "invalid: " + ChainStatus)}, name {(NameMatches ? "matches" : "mismatch")})";
}
