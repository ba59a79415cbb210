using MailTls.Tls;

namespace MailTls;

/// <summary>
/// One cipher suite a server accepts in one TLS version, classified: a flat row per (version,
/// suite), so Where-Object, Sort-Object and Export-Csv work on it directly.
/// </summary>
public sealed class TlsCipherSuite
{
    internal TlsCipherSuite(TlsEnumeration endpoint, TlsVersionResult version, TlsAcceptedSuite accepted)
    {
        var suite = accepted.Suite;
        Domain = endpoint.Domain;
        Host = endpoint.Host;
        Address = endpoint.Address;
        Port = endpoint.Port;
        Mode = endpoint.Mode;
        Protocol = version.Version.DisplayName();
        Rank = accepted.Rank;
        ServerOrder = version.ServerOrder;
        CipherSuite = suite.Name;
        Code = suite.CodeText;
        KeyExchange = suite.KeyExchange;
        Authentication = suite.Authentication;
        Encryption = suite.Encryption;
        Bits = suite.Bits;
        Mac = suite.Mac;
        Group = accepted.Group?.Name ?? (accepted.DhPrimeBits is { } bits ? $"DH {bits}" : string.Empty);
        DhPrimeBits = accepted.DhPrimeBits;
        Class = suite.Rating.Ncsc;
        Mozilla = suite.Rating.Mozilla;
    }

    public string Domain { get; }

    public string Host { get; }

    public string Address { get; }

    public int Port { get; }

    /// <summary>StartTls or Implicit.</summary>
    public string Mode { get; }

    /// <summary>"SSL 3.0", "TLS 1.0" … "TLS 1.3".</summary>
    public string Protocol { get; }

    /// <summary>The server's preference, 1 first; empty when the server follows the client's order.</summary>
    public int? Rank { get; }

    /// <summary>True when the server picks by its own preference in this version, false when it follows the client.</summary>
    public bool? ServerOrder { get; }

    /// <summary>The IANA name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.</summary>
    public string CipherSuite { get; }

    /// <summary>The suite's code, e.g. 0xC02F.</summary>
    public string Code { get; }

    /// <summary>ECDHE, DHE, RSA, DH, ECDH…; "Any" for TLS 1.3 suites.</summary>
    public string KeyExchange { get; }

    /// <summary>RSA, ECDSA…; "None" for anonymous suites; "Any" for TLS 1.3 suites.</summary>
    public string Authentication { get; }

    public string Encryption { get; }

    /// <summary>Symmetric strength in bits (3DES: 112).</summary>
    public int Bits { get; }

    /// <summary>AEAD, or the HMAC hash (SHA1, SHA256, SHA384, MD5).</summary>
    public string Mac { get; }

    /// <summary>The key exchange the server used for this suite before TLS 1.3: a curve (x25519) or "DH 2048".</summary>
    public string Group { get; }

    /// <summary>The DH prime's bits for DHE and anonymous DH suites.</summary>
    public int? DhPrimeBits { get; }

    /// <summary>NCSC-NL class: Good, Sufficient, PhaseOut or Insufficient.</summary>
    public NcscClass Class { get; }

    /// <summary>The strictest Mozilla profile that includes the suite: Modern, Intermediate, Old or None.</summary>
    public MozillaProfile Mozilla { get; }

    public override string ToString() => $"{Protocol} {CipherSuite}";
}
