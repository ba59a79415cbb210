using System;
using MailTls.Tls;

namespace MailTls;

/// <summary>
/// One endpoint at a glance: which versions it accepts, how many suites of each class, the weakest
/// suite, the groups and curves, findings and a verdict. Flat and scalar for Export-Csv.
/// </summary>
public sealed class TlsProtocolSupport
{
    internal TlsProtocolSupport()
    {
    }

    public string Domain { get; internal set; } = string.Empty;

    public string Host { get; internal set; } = string.Empty;

    public string Address { get; internal set; } = string.Empty;

    public int Port { get; internal set; }

    /// <summary>StartTls or Implicit.</summary>
    public string Mode { get; internal set; } = string.Empty;

    public TlsSupport Ssl3 { get; internal set; }

    public TlsSupport Tls10 { get; internal set; }

    public TlsSupport Tls11 { get; internal set; }

    public TlsSupport Tls12 { get; internal set; }

    public TlsSupport Tls13 { get; internal set; }

    /// <summary>The accepted versions, e.g. "TLS 1.0; TLS 1.2; TLS 1.3".</summary>
    public TextList Protocols { get; internal set; } = TextList.None;

    public string LowestProtocol { get; internal set; } = string.Empty;

    public string HighestProtocol { get; internal set; } = string.Empty;

    /// <summary>Accepted (version, suite) pairs.</summary>
    public int Suites { get; internal set; }

    public int Good { get; internal set; }

    public int Sufficient { get; internal set; }

    public int PhaseOut { get; internal set; }

    public int Insufficient { get; internal set; }

    /// <summary>The lowest-rated accepted suite with its version, e.g. "TLS 1.0 TLS_RSA_WITH_3DES_EDE_CBC_SHA".</summary>
    public string WeakestSuite { get; internal set; } = string.Empty;

    public NcscClass? WeakestClass { get; internal set; }

    /// <summary>"server" (the server picks by its own preference), "client" (it follows the client), "mixed", or empty.</summary>
    public string ServerOrder { get; internal set; } = string.Empty;

    /// <summary>TLS 1.3 key-exchange groups, in the server's order when it has one.</summary>
    public TextList Tls13Groups { get; internal set; } = TextList.None;

    /// <summary>Elliptic curves for ECDHE in TLS 1.2 and older.</summary>
    public TextList Curves { get; internal set; } = TextList.None;

    /// <summary>The smallest DH prime the server used (TLS 1.2 and older DHE), in bits.</summary>
    public int? DhPrimeBits { get; internal set; }

    /// <summary>The certificate of the newest accepted version.</summary>
    public ServerCertificate? Certificate { get; internal set; }

    /// <summary>"RSA 2048", "ECDSA 256"…</summary>
    public string CertificateKey { get; internal set; } = string.Empty;

    /// <summary>Everything was decided; false when rate limits or timeouts left something Unknown.</summary>
    public bool Complete { get; internal set; }

    public int Connections { get; internal set; }

    public double ElapsedMs { get; internal set; }

    public FindingList Findings { get; internal set; } = new(Array.Empty<Finding>());

    public Verdict Verdict { get; internal set; }

    public override string ToString() => $"{Host} [{Address}]:{Port} {Protocols} {Verdict}";
}
